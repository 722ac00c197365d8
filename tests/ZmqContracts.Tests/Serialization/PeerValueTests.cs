using System;
using System.Buffers;
using System.Globalization;
using System.Numerics;
using MessagePack;
using Xunit;

namespace ZmqContracts.Tests.Serialization;

/// <summary>
/// Values from a peer without .NET's types. A decimal: Python's msgpack writes a price as a float or an integer,
/// MessagePack-CSharp as its text; <see cref="ZmqSerializers.MessagePack"/> reads all three, and writes the text. A
/// date-time with an offset: Python's msgpack writes an instant as a bare timestamp, MessagePack-CSharp as
/// <c>[clock time, offset in minutes]</c>; both are read, and the pair is written. A big integer: Python's int, which
/// <c>int.from_bytes(value, "little", signed=True)</c> reads from the bin MessagePack-CSharp writes.
/// </summary>
public class PeerValueTests
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

    /// <summary>The refusal goes back to the peer in a bad-request reply, so it reads the same in every culture.</summary>
    [Theory]
    [InlineData("en-US", double.NaN, "NaN")]
    [InlineData("fa-IR", double.NaN, "NaN")]
    [InlineData("fa-IR", double.NegativeInfinity, "-Infinity")]
    [InlineData("de-DE", -1.5e30, "-1.5E+30")]
    public void A_float_with_no_decimal_value_is_refused_naming_it_in_the_invariant_culture(string culture, double value, string named)
    {
        var before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var refused = Assert.Throws<ZmqPayloadException>(() => PayloadFrames.Deserialize<decimal>(ZmqSerializers.MessagePack, Bytes((ref MessagePackWriter writer) => writer.Write(value)), "the price"));

            Assert.EndsWith($"The float {named} has no decimal value.", refused.Message);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_date_time_with_an_offset_is_read_from_a_bare_timestamp_as_that_instant_at_offset_zero()
    {
        // msgpack.packb(datetime(2024, 3, 31, 5, 0, 0, 123456, tzinfo=timezone.utc), datetime=True): timestamp ext -1.
        var instant = new DateTime(2024, 3, 31, 5, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560);

        var read = Read<DateTimeOffset>((ref MessagePackWriter writer) => writer.Write(instant));

        Assert.Equal(new DateTimeOffset(instant), read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(new DateTimeOffset(instant), Read<DateTimeOffset?>((ref MessagePackWriter writer) => writer.Write(instant)));
        Assert.Null(Read<DateTimeOffset?>((ref MessagePackWriter writer) => writer.WriteNil()));
    }

    [Fact]
    public void A_date_time_with_an_offset_is_written_as_its_clock_time_and_offset_and_read_back_whole()
    {
        var value = new DateTimeOffset(2024, 3, 31, 1, 30, 0, 123, TimeSpan.FromMinutes(-210));
        var written = new ArrayBufferWriter<byte>();
        ZmqSerializers.MessagePack.Serialize(written, value);

        var pair = MessagePackSerializer.Deserialize<object[]>(written.WrittenMemory);
        Assert.Equal(new DateTime(2024, 3, 31, 1, 30, 0, 123, DateTimeKind.Utc), pair[0]);
        Assert.Equal(-210L, Convert.ToInt64(pair[1], CultureInfo.InvariantCulture));
        var read = ZmqSerializers.MessagePack.Deserialize<DateTimeOffset>(written.WrittenMemory);
        Assert.Equal(value, read);
        Assert.Equal(value.Offset, read.Offset);
    }

    /// <summary>
    /// MessagePack-CSharp 2.5.307's own formatter takes 257 bytes of a buffer it asked 255 of: a fresh
    /// <see cref="ArrayBufferWriter{T}"/>, which gives 256, made it fail. Values around bin8's limit of 255 bytes too.
    /// </summary>
    [Fact]
    public void A_big_integer_is_a_bin_of_its_little_endian_twos_complement_bytes_written_into_a_fresh_buffer()
    {
        BigInteger[] values = [BigInteger.Zero, BigInteger.One, BigInteger.MinusOne, -128, 255, BigInteger.Pow(2, 2039), -BigInteger.Pow(2, 2040), BigInteger.Pow(7, 5000)];
        foreach (var value in values)
        {
            var written = new ArrayBufferWriter<byte>();
            ZmqSerializers.MessagePack.Serialize(written, value);

            Assert.Equal(value.ToByteArray(), MessagePackSerializer.Deserialize<byte[]>(written.WrittenMemory));
            Assert.Equal(Convert.ToHexString(MessagePackSerializer.Serialize(value)), Convert.ToHexString(written.WrittenSpan));
            Assert.Equal(value, ZmqSerializers.MessagePack.Deserialize<BigInteger>(written.WrittenMemory));
        }

        var nullable = new ArrayBufferWriter<byte>();
        ZmqSerializers.MessagePack.Serialize<BigInteger?>(nullable, BigInteger.MinusOne);
        Assert.Equal("C401FF", Convert.ToHexString(nullable.WrittenSpan));
        Assert.Equal(BigInteger.MinusOne, ZmqSerializers.MessagePack.Deserialize<BigInteger?>(nullable.WrittenMemory));
        Assert.Null(Read<BigInteger?>((ref MessagePackWriter writer) => writer.WriteNil()));
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
