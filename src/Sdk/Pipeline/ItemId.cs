using System;
using System.Buffers.Binary;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// The id an acknowledged item carries (docs/protocol.md, Pipeline): the producer that sent it, its sequence number
/// there, and the producer's floor — the lowest sequence number it still waits for, so that a collector can forget
/// everything below it. On the wire, the two frames <c>[zmqc.ack][id]</c> after the payload; the id frame is 32 bytes:
/// the producer's 16 bytes, then the sequence number and the floor, each 8 bytes big-endian.
/// </summary>
internal readonly record struct ItemId(Guid Producer, long Sequence, long Floor)
{
    public const int Length = 32;

    public static ReadOnlySpan<byte> Marker => "zmqc.ack"u8;

    /// <summary>Appends <c>[zmqc.ack][id]</c>.</summary>
    public void AppendTo(NetMQMessage message)
    {
        var id = new byte[Length];
        Producer.TryWriteBytes(id);
        BinaryPrimitives.WriteInt64BigEndian(id.AsSpan(16), Sequence);
        BinaryPrimitives.WriteInt64BigEndian(id.AsSpan(24), Floor);
        message.Append(Marker.ToArray());
        message.Append(id);
    }

    /// <summary>Reads the id whose marker frame is at <paramref name="index"/>; false when there is none, or it is malformed.</summary>
    public static bool TryRead(NetMQMessage message, int index, out ItemId id)
    {
        id = default;
        if (index < 0 || message.FrameCount < index + 2 || !message[index].Span().SequenceEqual(Marker))
        {
            return false;
        }

        var frame = message[index + 1].Span();
        if (frame.Length != Length)
        {
            return false;
        }

        id = new ItemId(new Guid(frame[..16]), BinaryPrimitives.ReadInt64BigEndian(frame[16..]), BinaryPrimitives.ReadInt64BigEndian(frame[24..]));
        return true;
    }
}
