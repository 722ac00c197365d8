using System;
using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts;

/// <summary>
/// A <see cref="DateTimeOffset"/> as MessagePack-CSharp writes it — <c>[clock time, offset in minutes]</c>, the clock
/// time a timestamp as if it were UTC — read also as a bare timestamp, which is what a peer without offsets writes for
/// an instant (Python's <c>msgpack.packb(datetime, datetime=True)</c>): that instant, at offset zero.
/// </summary>
internal sealed class PeerDateTimeOffsetFormatter() : PeerFormatter<DateTimeOffset>(DateTimeOffsetFormatter.Instance)
{
    public static readonly PeerDateTimeOffsetFormatter Instance = new();

    public override DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.NextMessagePackType == MessagePackType.Extension
            ? new DateTimeOffset(reader.ReadDateTime(), TimeSpan.Zero)
            : DeserializeWritten(ref reader, options);
}
