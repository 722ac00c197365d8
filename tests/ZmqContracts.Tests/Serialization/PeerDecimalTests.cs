using System;
using System.Buffers;
using MessagePack;
using Xunit;

namespace ZmqContracts.Tests.Serialization;

/// <summary>
/// A decimal from a peer without decimals: Python's msgpack writes a price as a float or an integer, MessagePack-CSharp
/// as its text. <see cref="ZmqSerializers.MessagePack"/> reads all three, and writes the text.
/// </summary>
public class PeerDecimalTests
{
    [Fact]
    public void A_decimal_member_is_read_from_a_float_an_integer_or_text_as_msgpack_for_Python_writes_them()
    {
        // msgpack.packb({"Country": "FR", "Value": 410.1}): the float as float 64 (0xcb), as Python writes every float.
        Assert.Equal(410.1m, ValueOf((ref MessagePackWriter value) => value.Write(410.1)));
        Assert.Equal(410m, ValueOf((ref MessagePackWriter value) => value.Write(410)));
        Assert.Equal(ulong.MaxValue, ValueOf((ref MessagePackWriter value) => value.Write(ulong.MaxValue)));
        Assert.Equal(-1.5m, ValueOf((ref MessagePackWriter value) => value.Write(-1.5f)));
        Assert.Equal(1.25m, ValueOf((ref MessagePackWriter value) => value.Write("1.25")));
    }

    [Fact]
    public void A_nullable_decimal_is_read_from_a_float_or_nil_and_a_decimal_is_written_as_its_text()
    {
        Assert.Equal(0.1m, Read<decimal?>((ref MessagePackWriter writer) => writer.Write(0.1)));
        Assert.Null(Read<decimal?>((ref MessagePackWriter writer) => writer.WriteNil()));

        var written = new ArrayBufferWriter<byte>();
        ZmqSerializers.MessagePack.Serialize(written, 79228162514264337593543950335m);
        Assert.Equal("79228162514264337593543950335", MessagePackSerializer.Deserialize<string>(written.WrittenMemory));
    }

    [Fact]
    public void A_float_with_no_decimal_value_is_refused_naming_it()
    {
        var refused = Assert.Throws<ZmqPayloadException>(() => PayloadFrames.Deserialize<decimal>(ZmqSerializers.MessagePack, Bytes((ref MessagePackWriter writer) => writer.Write(double.NaN)), "the price"));

        Assert.EndsWith("The float NaN has no decimal value.", refused.Message);
    }

    private delegate void Write(ref MessagePackWriter writer);

    private static T Read<T>(Write write) => ZmqSerializers.MessagePack.Deserialize<T>(Bytes(write));

    private static ReadOnlyMemory<byte> Bytes(Write write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenMemory;
    }

    /// <summary>The <see cref="Customs.Value"/> read from <c>{"Country": "FR", "Value": …}</c>, the value as <paramref name="value"/> writes it.</summary>
    private static decimal ValueOf(Write value) => Read<Customs>((ref MessagePackWriter writer) =>
    {
        writer.WriteMapHeader(2);
        writer.Write("Country");
        writer.Write("FR");
        writer.Write("Value");
        value(ref writer);
    }).Value;
}
