using System;
using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts;

/// <summary>
/// A <see cref="DateTimeOffset"/> as MessagePack-CSharp writes it — <c>[clock time, offset in minutes]</c>, the clock
/// time a timestamp as if it were UTC — read also as a bare timestamp, which is what a peer without offsets writes for
/// an instant (Python's <c>msgpack.packb(datetime, datetime=True)</c>): that instant, at offset zero.
/// </summary>
internal sealed class PeerDateTimeOffsetFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public static readonly PeerDateTimeOffsetFormatter Instance = new();

    private PeerDateTimeOffsetFormatter()
    {
    }

    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options) =>
        DateTimeOffsetFormatter.Instance.Serialize(ref writer, value, options);

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.NextMessagePackType == MessagePackType.Extension
            ? new DateTimeOffset(reader.ReadDateTime(), TimeSpan.Zero)
            : DateTimeOffsetFormatter.Instance.Deserialize(ref reader, options);
}
