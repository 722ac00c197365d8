using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading.Tasks;
using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts.Tests.Serialization;

/// <summary>A plain class: created through its parameterless constructor, its members set one by one.</summary>
public class Shipment
{
    public string? Carrier { get; set; }

    public int Boxes { get; set; }

    public DateTimeOffset? Due { get; set; }
}

/// <summary>A class with a base class: the base class's members come first.</summary>
public class ExpressShipment : Shipment
{
    public TimeSpan Window { get; set; }

    public bool Signature { get; set; }
}

/// <summary>A record with required members, and members that are not sent.</summary>
public record Customs
{
    public required string Country { get; init; }

    public required decimal Value { get; init; }

    public string? Broker { get; set; }

    [IgnoreMember]
    public string? Cache { get; set; }

    [System.Runtime.Serialization.IgnoreDataMember]
    public int Scratch { get; set; }
}

/// <summary>A type with a formatter of its own, named by [MessagePackFormatter].</summary>
[MessagePackFormatter(typeof(WeightFormatter))]
public record Weight(long Grams);

public sealed class WeightFormatter : IMessagePackFormatter<Weight?>
{
    public void Serialize(ref MessagePackWriter writer, Weight? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
        }
        else
        {
            writer.Write(value.Grams);
        }
    }

    public Weight? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.TryReadNil() ? null : new Weight(reader.ReadInt64());
}

/// <summary>A record whose member is written by a formatter of its own, named by [MessagePackFormatter] on the member.</summary>
public record Label(string Text, [property: MessagePackFormatter(typeof(UpperCaseFormatter))] string Code)
{
    [MessagePackFormatter(typeof(UpperCaseFormatter))]
    public string? Printer { get; init; }
}

/// <summary>Writes a string in upper case: bytes that tell it from MessagePack's own string formatter.</summary>
public sealed class UpperCaseFormatter : IMessagePackFormatter<string?>
{
    public void Serialize(ref MessagePackWriter writer, string? value, MessagePackSerializerOptions options) =>
        writer.Write(value?.ToUpperInvariant());

    public string? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.ReadString();
}

/// <summary>What MessagePack writes with its own generic formatters: tuples, grids, immutable collections.</summary>
public record Manifest((int Count, string Label) Summary, Tuple<string, long> Legacy, int[,] Grid, ImmutableArray<string> Seals, ImmutableList<Weight> Weights);

/// <summary>A generic record whose init properties the formatter of each of its constructed types sets.</summary>
public record Page<T>
    where T : class
{
    public T? Item { get; init; }

    public int Number { get; init; } = 1;
}

/// <summary>A generic base record with an init property.</summary>
public record Stamped<T>
{
    public T? Stamp { get; init; }
}

/// <summary>A record that inherits an init property from a constructed generic base record.</summary>
public record StampedShipment : Stamped<long>
{
    public string? Carrier { get; init; }
}

/// <summary>A generic record struct with an init property, whose type parameter is constrained.</summary>
public record struct Tagged<T>(int Id)
    where T : struct
{
    public T Tag { get; init; }
}

/// <summary>
/// Nullables of types MessagePack writes itself: its built-in resolver has Guid?, ReadOnlyMemory&lt;byte&gt;? and
/// TimeSpan?, but no Half?, DateOnly? or TimeOnly?.
/// </summary>
public record Reading(Half? Level, DateOnly? Day, List<TimeOnly?> Times, Guid? Id, ReadOnlyMemory<byte>? Blob, TimeSpan? Age);

/// <summary>The contract that makes the generator write formatters for nullables on their own and in a record.</summary>
[Reply]
public interface IMeters
{
    Task<Half?> Read(Reading reading, DateOnly? since, TimeOnly? at, List<Half?> levels);
}

/// <summary>A [Topic] record, which is sent whole.</summary>
[Topic("shipments.sent")]
public partial record ShipmentSent(int Id, Shipment Shipment, Weight? Weight);

/// <summary>The contract that makes the generator write formatters for the types above.</summary>
[Reply]
public interface IShipping
{
    Task<(int Count, string Name)> Send(ExpressShipment shipment, Customs customs, Manifest manifest);

    Task Print(Label label);

    Task<Page<Shipment>> Browse(StampedShipment shipment, Tagged<TimeSpan> tagged);
}
