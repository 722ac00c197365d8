using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The frames of publish/subscribe beyond <c>[topic][payload]</c> (docs/protocol.md): the position frame a publisher
/// appends to every message, <c>[publisher id][sequence]</c>, numbering the messages of each topic; ZeroMQ subscription
/// frames; and the flow control of <see cref="SlowSubscriberMode.Wait"/>. Every subscriber subscribes to an identity
/// topic of its own, <c>zmqc.flow.</c> and 16 hex digits; a waiting publisher sends a marker
/// <c>[identity][publisher id][sequence]</c> to it, and the subscriber, once it has read everything before the marker,
/// echoes it upstream as <c>[zmqc.ack][identity][publisher id][sequence]</c>.
/// </summary>
internal static class FlowFrames
{
    public const int IdLength = 8;

    /// <summary>The length of a position: a publisher id, then a sequence number (8 bytes, little-endian).</summary>
    public const int PositionLength = IdLength + sizeof(long);

    public static ReadOnlySpan<byte> IdentityPrefix => "zmqc.flow."u8;

    public static ReadOnlySpan<byte> AckTopic => "zmqc.ack"u8;

    public static byte[] NewId() => RandomNumberGenerator.GetBytes(IdLength);

    public static byte[] IdentityTopic(byte[] subscriberId) =>
        Encoding.ASCII.GetBytes("zmqc.flow." + Convert.ToHexString(subscriberId).ToLowerInvariant());

    /// <summary>Whether <paramref name="topic"/> is an identity topic: <c>zmqc.flow.</c> and exactly 16 lowercase hex digits.</summary>
    public static bool IsIdentityTopic(ReadOnlySpan<byte> topic) =>
        topic.Length == IdentityPrefix.Length + (2 * IdLength)
        && topic.StartsWith(IdentityPrefix)
        && !topic[IdentityPrefix.Length..].ContainsAnyExcept("0123456789abcdef"u8);

    /// <summary>The frame that subscribes to (or, with <paramref name="subscribe"/> false, unsubscribes from) <paramref name="prefix"/>.</summary>
    public static byte[] Subscription(bool subscribe, ReadOnlySpan<byte> prefix)
    {
        var frame = new byte[prefix.Length + 1];
        frame[0] = subscribe ? (byte)1 : (byte)0;
        prefix.CopyTo(frame.AsSpan(1));
        return frame;
    }

    /// <summary>Whether <paramref name="frame"/> is a subscription frame; if so, what it says.</summary>
    public static bool TryReadSubscription(NetMQFrame frame, out bool subscribe, out ReadOnlyMemory<byte> prefix)
    {
        var bytes = frame.Memory();
        subscribe = bytes.Length > 0 && bytes.Span[0] == 1;
        prefix = bytes.IsEmpty ? default : bytes[1..];
        return bytes.Length > 0 && bytes.Span[0] <= 1;
    }

    /// <summary>A position: a message's third frame, and a marker's body.</summary>
    public static byte[] Position(byte[] publisherId, long sequence)
    {
        var position = new byte[PositionLength];
        publisherId.CopyTo(position, 0);
        BinaryPrimitives.WriteInt64LittleEndian(position.AsSpan(IdLength), sequence);
        return position;
    }

    /// <summary>Reads a position; false when <paramref name="frame"/> is not one (its length is not 16, or its sequence not positive).</summary>
    public static bool TryReadPosition(ReadOnlySpan<byte> frame, out ulong publisher, out long sequence)
    {
        publisher = 0;
        sequence = 0;
        if (frame.Length != PositionLength)
        {
            return false;
        }

        publisher = BinaryPrimitives.ReadUInt64LittleEndian(frame);
        sequence = BinaryPrimitives.ReadInt64LittleEndian(frame[IdLength..]);
        return sequence > 0;
    }

    public static NetMQMessage Marker(byte[] identityTopic, byte[] publisherId, long sequence)
    {
        var marker = new NetMQMessage(2);
        marker.Append(identityTopic);
        marker.Append(Position(publisherId, sequence));
        return marker;
    }

    /// <summary>The acknowledgement of a marker received on <paramref name="identityTopic"/>: the marker's body, echoed.</summary>
    public static NetMQMessage Ack(byte[] identityTopic, byte[] markerBody)
    {
        var ack = new NetMQMessage(3);
        ack.Append(AckTopic.ToArray());
        ack.Append(identityTopic);
        ack.Append(markerBody);
        return ack;
    }

    /// <summary>Reads an acknowledgement meant for the publisher <paramref name="publisherId"/>.</summary>
    public static bool TryReadAck(NetMQMessage message, ReadOnlySpan<byte> publisherId, out string identity, out long sequence)
    {
        identity = "";
        sequence = 0;
        if (message.FrameCount < 3 || !message[0].Span().SequenceEqual(AckTopic))
        {
            return false;
        }

        var body = message[2].Span();
        if (body.Length != PositionLength || !body[..IdLength].SequenceEqual(publisherId))
        {
            return false;
        }

        identity = Encoding.ASCII.GetString(message[1].Span());
        sequence = BinaryPrimitives.ReadInt64LittleEndian(body[IdLength..]);
        return true;
    }
}
