using System;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// A message read by <see cref="ReceiveThrottle"/>: its first frame, its second if it has one (as its bytes), and the whole
/// message only when it has more than two frames or a reader made one (<see cref="ToMessage"/>), so that a message of one
/// or two frames (an item and its id) costs no <see cref="NetMQMessage"/> unless one is asked for.
/// </summary>
internal readonly record struct ReceivedMessage(NetMQFrame First, byte[]? Second, NetMQMessage? Whole)
{
    /// <summary>The message as a <see cref="NetMQMessage"/>: made for a message of one or two frames.</summary>
    public NetMQMessage ToMessage()
    {
        if (Whole is { } whole)
        {
            return whole;
        }

        var message = new NetMQMessage(2);
        message.Append(First);
        if (Second is { } second)
        {
            message.Append(second);
        }

        return message;
    }

    /// <summary>Reads the next message without waiting: false when there is none.</summary>
    public static bool TryReceive(NetMQSocket socket, out ReceivedMessage received)
    {
        if (!FrameReceiving.TryReceiveFrame(socket, out var bytes, out var more))
        {
            received = default;
            return false;
        }

        // ZeroMQ delivers a message's frames together: the rest is there already.
        var second = more ? FrameReceiving.ReceiveNextFrame(socket, out more) : null;
        received = new ReceivedMessage(new NetMQFrame(bytes), second, null);
        if (more)
        {
            var whole = received.ToMessage();
            while (more)
            {
                whole.Append(FrameReceiving.ReceiveNextFrame(socket, out more));
            }

            received = received with { Whole = whole };
        }

        return true;
    }
}
