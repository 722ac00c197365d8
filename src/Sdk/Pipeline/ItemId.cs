using System;
using System.Buffers.Binary;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// The id an acknowledged item carries (docs/protocol.md, Pipeline): the producer that sent it, its sequence number
/// there, and the producer's floor — the lowest sequence number it still waits for, so that a collector can forget
/// everything below it. On the wire, one 39-byte frame after the payload: the 7 ASCII bytes <c>zmqc.id</c>, the
/// producer's 16 bytes, then the sequence number and the floor, each 8 bytes big-endian.
/// </summary>
internal readonly record struct ItemId(Guid Producer, long Sequence, long Floor)
{
    public const int Length = 39;

    public static ReadOnlySpan<byte> Marker => "zmqc.id"u8;

    /// <summary>
    /// Whether a producer could have sent this id: its floor at least 0, at most the sequence number and less than
    /// <see cref="ZmqProducerOptions.MaxPendingItemsLimit"/> below it, since a producer sends number n only while
    /// n − floor is less than its window. Any other id was forged or garbled, and its floor must not make a collector take
    /// the producer's items below it for done.
    /// </summary>
    public bool IsPossible => Floor >= 0 && Floor <= Sequence && Sequence - Floor < ZmqProducerOptions.MaxPendingItemsLimit;

    /// <summary>The id frame.</summary>
    public byte[] ToFrame()
    {
        var frame = new byte[Length];
        Marker.CopyTo(frame);
        Producer.TryWriteBytes(frame.AsSpan(7));
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(23), Sequence);
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(31), Floor);
        return frame;
    }

    /// <summary>Reads the id frame at <paramref name="index"/>; false when there is none, or it is malformed.</summary>
    public static bool TryRead(NetMQMessage message, int index, out ItemId id)
    {
        if (index < 0 || message.FrameCount <= index)
        {
            id = default;
            return false;
        }

        return TryRead(message[index].Span(), out id);
    }

    /// <summary>Reads <paramref name="frame"/> as an id frame; false when it is not one, or it is malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out ItemId id)
    {
        id = default;
        if (frame.Length != Length || !frame.StartsWith(Marker))
        {
            return false;
        }

        id = new ItemId(new Guid(frame[7..23]), BinaryPrimitives.ReadInt64BigEndian(frame[23..]), BinaryPrimitives.ReadInt64BigEndian(frame[31..]));
        return true;
    }
}
