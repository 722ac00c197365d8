using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading.Tasks;
using MessagePack;
using MessagePack.Resolvers;
using Xunit;

namespace ZmqContracts.Tests.Serialization;

public enum Carrier : short
{
    Post = 1,
    Courier = -300,
}

public record Address(string Street, string? City);

public record Parcel(int Id, Address? From, List<Address> Stops, Dictionary<string, Carrier> Carriers, Carrier? Preferred, IReadOnlyList<long> Weights)
{
    public string? Note { get; init; } = "fragile";

    public double Insurance { get; set; }

    public int StopCount => Stops?.Count ?? 0;
}

public struct Dimensions
{
    public float Width;

    public float Height { get; set; }
}

/// <summary>The contract that makes the generator write formatters for the types above.</summary>
[Reply]
public interface IParcels
{
    Task<Parcel?> Track(Parcel parcel, Dimensions[] sizes);
}

/// <summary>
/// The generated formatters write the bytes MessagePack's contractless resolver writes (protocol v1, what pyzmq peers
/// read), and read what it reads: unknown keys skipped, missing keys left at their defaults.
/// </summary>
public class GeneratedFormatterTests
{
    private static readonly MessagePackSerializerOptions Contractless = ContractlessStandardResolver.Options;

    private static readonly Parcel Sample = new(
        7,
        new Address("Main St 1", null),
        [new Address("Dock 4", "Rotterdam"), new Address("Gate 9", null)],
        new Dictionary<string, Carrier> { ["first"] = Carrier.Post, ["last"] = Carrier.Courier },
        null,
        [1, 300, -70000, long.MaxValue])
    {
        Note = null,
        Insurance = 12.5,
    };

    [Fact]
    public void The_default_serializer_takes_the_formatters_generated_for_this_assembly()
    {
        Assert.Equal(typeof(GeneratedFormatterTests).Assembly, MessagePackZmqSerializer.Resolver.GetFormatter<Parcel>()!.GetType().Assembly);
        Assert.Equal(typeof(GeneratedFormatterTests).Assembly, MessagePackZmqSerializer.Resolver.GetFormatter<Carrier>()!.GetType().Assembly);
        Assert.Equal(typeof(GeneratedFormatterTests).Assembly, MessagePackZmqSerializer.Resolver.GetFormatter<Dimensions>()!.GetType().Assembly);
        Assert.IsType<MessagePack.Formatters.ListFormatter<Address>>(MessagePackZmqSerializer.Resolver.GetFormatter<List<Address>>());
        Assert.IsType<MessagePack.Formatters.NullableFormatter<Carrier>>(MessagePackZmqSerializer.Resolver.GetFormatter<Carrier?>());
    }

    [Fact]
    public void Nested_records_lists_dictionaries_enums_and_nulls_are_written_as_the_contractless_resolver_writes_them()
    {
        var generated = Write(Sample);

        Assert.Equal(MessagePackSerializer.Serialize(Sample, Contractless), generated);
        Assert.Equal(SampleHex, Convert.ToHexString(generated));
    }

    [Fact]
    public void Structs_arrays_and_null_are_written_as_the_contractless_resolver_writes_them()
    {
        Dimensions[] sizes = [new() { Width = 1.5f, Height = 2 }, default];

        Assert.Equal(MessagePackSerializer.Serialize(sizes, Contractless), Write(sizes));
        Assert.Equal("9282A6486569676874CA40000000A55769647468CA3FC0000082A6486569676874CA00000000A55769647468CA00000000", Convert.ToHexString(Write(sizes)));
        Assert.Equal([0xC0], Write<Parcel?>(null));
        Assert.Equal(MessagePackSerializer.Serialize(Carrier.Courier, Contractless), Write(Carrier.Courier));
    }

    [Fact]
    public void What_is_written_reads_back_whole()
    {
        var read = Read<Parcel>(Write(Sample));

        Assert.Equal(Write(Sample), Write(read));
        Assert.Null(read.Note);
        Assert.Equal(12.5, read.Insurance);
    }

    [Fact]
    public void Unknown_keys_are_skipped_and_missing_keys_keep_their_defaults_as_with_the_contractless_resolver()
    {
        var payload = MessagePackSerializer.Serialize(
            new Dictionary<string, object?> { ["Unknown"] = new object[] { 1, "two" }, ["Id"] = 9, ["id"] = 10, ["Extra"] = new Dictionary<string, int> { ["x"] = 1 } },
            Contractless);

        var generated = Read<Parcel>(payload);
        var contractless = MessagePackSerializer.Deserialize<Parcel>(payload, Contractless);

        Assert.Equal(MessagePackSerializer.Serialize(contractless, Contractless), Write(generated));
        Assert.Equal(9, generated.Id);
        Assert.Null(generated.Stops);
        Assert.Equal("fragile", generated.Note);
        Assert.Equal(0, generated.Insurance);
    }

    [Fact]
    public void Nil_for_a_struct_fails_as_with_the_contractless_resolver()
    {
        var contractless = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<Dimensions>(new byte[] { 0xC0 }, Contractless));
        var generated = Assert.Throws<MessagePackSerializationException>(() => Read<Dimensions>([0xC0]));

        Assert.Equal(contractless.InnerException!.Message, generated.InnerException!.Message);
    }

    [Fact]
    public void A_plain_class_is_written_member_by_member_as_the_contractless_resolver_writes_it()
    {
        var shipment = new Shipment { Carrier = "DHL", Boxes = 3, Due = DateTimeOffset.UnixEpoch };

        AssertWrittenAsContractless(shipment);
        Assert.Null(Read<Shipment>(Write(new Shipment())).Carrier);
    }

    [Fact]
    public void A_derived_class_writes_the_members_of_its_base_class_first()
    {
        var shipment = new ExpressShipment { Carrier = "UPS", Boxes = 1, Window = TimeSpan.FromHours(2), Signature = true };

        AssertWrittenAsContractless(shipment);
        Assert.Equal(["Carrier", "Boxes", "Due", "Window", "Signature"], KeysOf(Write(shipment)));
    }

    [Fact]
    public void Required_members_are_written_and_ignored_members_are_not()
    {
        var customs = new Customs { Country = "NL", Value = 99.5m, Broker = "Acme", Cache = "stale", Scratch = 4 };

        AssertWrittenAsContractless(customs);
        Assert.Equal(["Country", "Value", "Broker"], KeysOf(Write(customs)));
        Assert.Equal(customs with { Cache = null, Scratch = 0 }, Read<Customs>(Write(customs)));
    }

    [Fact]
    public void A_topic_record_is_written_as_the_contractless_resolver_writes_it()
    {
        AssertWrittenAsContractless(new ShipmentSent(5, new Shipment { Carrier = "Post", Boxes = 2 }, new Weight(1200)));
        AssertWrittenAsContractless(new ShipmentSent(6, new Shipment(), null));
    }

    [Fact]
    public void Tuples_grids_immutable_collections_and_own_formatters_are_written_by_MessagePacks_formatters_created_at_build_time()
    {
        var manifest = new Manifest((2, "pallets"), Tuple.Create("ref", 7L), new[,] { { 1, 2 }, { 3, 4 } }, ["A1", "B2"], [new Weight(5), new Weight(10)]);

        AssertWrittenAsContractless(manifest);
        AssertWrittenAsContractless((Count: 3, Name: "boxes"));
        Assert.IsType<WeightFormatter>(Runtime.MessagePackFormatters.Find<Weight>());
        Assert.IsType<MessagePack.Formatters.ValueTupleFormatter<int, string>>(Runtime.MessagePackFormatters.Find<(int, string)>());
    }

    [Fact]
    public void A_member_with_a_formatter_of_its_own_is_written_by_it_as_the_contractless_resolver_writes_it()
    {
        var label = new Label("Fragile", "ams-04") { Printer = "zebra" };

        var written = Write(label);

        Assert.Equal(Convert.ToHexString(MessagePackSerializer.Serialize(label, Contractless)), Convert.ToHexString(written));
        Assert.Equal(label with { Code = "AMS-04", Printer = "ZEBRA" }, Read<Label>(written));
    }

    [Fact]
    public void Init_properties_of_generic_types_and_of_generic_base_types_are_read_back()
    {
        var page = new Page<Shipment> { Item = new Shipment { Carrier = "DHL" }, Number = 4 };
        var shipment = new StampedShipment { Stamp = 1700000000, Carrier = "UPS" };
        var tagged = new Tagged<TimeSpan>(3) { Tag = TimeSpan.FromMinutes(5) };

        AssertWrittenAsContractless(page);
        AssertWrittenAsContractless(shipment);
        AssertWrittenAsContractless(tagged);
        Assert.Equal("DHL", Read<Page<Shipment>>(Write(page)).Item!.Carrier);
        Assert.Equal(shipment, Read<StampedShipment>(Write(shipment)));
        Assert.Equal(tagged, Read<Tagged<TimeSpan>>(Write(tagged)));
        Assert.Equal(1, Read<Page<Shipment>>(Write(new Dictionary<string, int>())).Number);
    }

    [Fact]
    public void Nullables_MessagePack_has_no_built_in_formatter_for_get_one_made_at_build_time_that_writes_its_bytes()
    {
        AssertMadeAtBuildTime<Half?>((Half)1.5);
        AssertMadeAtBuildTime<Half?>(null);
        AssertMadeAtBuildTime<DateOnly?>(new DateOnly(2024, 3, 31));
        AssertMadeAtBuildTime<DateOnly?>(null);
        AssertMadeAtBuildTime<TimeOnly?>(new TimeOnly(5, 0, 0, 123));
        AssertMadeAtBuildTime<TimeOnly?>(null);
        AssertMadeAtBuildTime<List<Half?>>([(Half)(-2), null]);
        AssertMadeAtBuildTime<Guid?>(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
        AssertMadeAtBuildTime<ReadOnlyMemory<byte>?>(new byte[] { 1, 2 });
        AssertMadeAtBuildTime<TimeSpan?>(null);
        AssertMadeAtBuildTime(new Reading((Half)0.25, new DateOnly(2000, 1, 1), [new TimeOnly(23, 59), null], null, null, TimeSpan.FromSeconds(3)));
        AssertMadeAtBuildTime(new Reading(null, null, [], Guid.Empty, new byte[] { 9 }, null));
    }

    /// <summary>The sample as MessagePack 2.5.307's contractless resolver writes it (and as Python's msgpack.packb writes the same dict).</summary>
    private const string SampleHex = "88A2496407A446726F6D82A6537472656574A94D61696E2053742031A443697479C0A553746F70739282A6537472656574A6446F636B2034A443697479A9526F7474657264616D82A6537472656574A6476174652039A443697479C0A8436172726965727382A5666972737401A46C617374D1FED4A9507265666572726564C0A7576569676874739401CD012CD2FFFEEE90CF7FFFFFFFFFFFFFFFA44E6F7465C0A9496E737572616E6365CB4029000000000000";

    /// <summary>
    /// Asserts that a formatter was generated (or created at build time) for <typeparamref name="T"/>, that it writes the
    /// contractless resolver's bytes, and that what it writes reads back to the same bytes.
    /// </summary>
    private static void AssertWrittenAsContractless<T>(T value)
    {
        Assert.NotNull(Runtime.MessagePackFormatters.Find<T>());
        AssertWrittenAndReadAsContractless(value);
    }

    /// <summary>
    /// Asserts that the formatter the SDK's resolver hands out for <typeparamref name="T"/> was made at build time,
    /// generated or built into MessagePack, and not by MessagePack's run-time resolvers, which native AOT cannot run
    /// (so that this test on the JIT fails where a native build would); and that it writes the contractless resolver's bytes.
    /// </summary>
    private static void AssertMadeAtBuildTime<T>(T value)
    {
        Assert.Same(Runtime.MessagePackFormatters.Find<T>() ?? BuiltinResolver.Instance.GetFormatter<T>(), MessagePackZmqSerializer.Resolver.GetFormatter<T>());
        AssertWrittenAndReadAsContractless(value);
    }

    /// <summary>Asserts that <paramref name="value"/> is written as the contractless resolver writes it, and reads back to the same bytes.</summary>
    private static void AssertWrittenAndReadAsContractless<T>(T value)
    {
        var written = Write(value);
        Assert.Equal(Convert.ToHexString(MessagePackSerializer.Serialize(value, Contractless)), Convert.ToHexString(written));
        Assert.Equal(Convert.ToHexString(written), Convert.ToHexString(Write(Read<T>(written))));
    }

    /// <summary>The keys of a map, in the order written.</summary>
    private static List<string> KeysOf(byte[] payload)
    {
        var reader = new MessagePackReader(payload);
        var keys = new List<string>();
        for (var count = reader.ReadMapHeader(); keys.Count < count; reader.Skip())
        {
            keys.Add(reader.ReadString()!);
        }

        return keys;
    }

    private static byte[] Write<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ZmqSerializers.MessagePack.Serialize(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    private static T Read<T>(byte[] payload) => ZmqSerializers.MessagePack.Deserialize<T>(payload);
}
