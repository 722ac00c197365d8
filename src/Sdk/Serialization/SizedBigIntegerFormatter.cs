using System.Numerics;
using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts;

/// <summary>
/// A <see cref="BigInteger"/> as MessagePack-CSharp writes it, a bin of its little-endian two's-complement bytes
/// (<see cref="BigInteger.ToByteArray()"/>), written into a span of its own length. MessagePack-CSharp 2.5.307's own
/// formatter asks the buffer for 255 bytes and then takes 257 of what it gets, so it fails whenever the buffer gives no
/// more than asked, as a fresh <see cref="PayloadBuffer"/> does.
/// </summary>
internal sealed class SizedBigIntegerFormatter : IMessagePackFormatter<BigInteger>
{
    public static readonly SizedBigIntegerFormatter Instance = new();

    private SizedBigIntegerFormatter()
    {
    }

    public void Serialize(ref MessagePackWriter writer, BigInteger value, MessagePackSerializerOptions options)
    {
        var length = value.GetByteCount();
        writer.WriteBinHeader(length);
        value.TryWriteBytes(writer.GetSpan(length), out var written);
        writer.Advance(written);
    }

    public BigInteger Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        BigIntegerFormatter.Instance.Deserialize(ref reader, options);
}
