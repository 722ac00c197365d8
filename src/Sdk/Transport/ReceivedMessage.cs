using System;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// A message read by <see cref="ReceiveThrottle"/>: its first frame, and the whole message only when it has more than one
/// frame, so that a message of one frame costs no <see cref="NetMQMessage"/> unless one is asked for.
/// </summary>
internal readonly record struct ReceivedMessage(NetMQFrame First, NetMQMessage? Whole)
{
    /// <summary>The message as a <see cref="NetMQMessage"/>: made for a message of one frame.</summary>
    public NetMQMessage ToMessage()
    {
        if (Whole is { } whole)
        {
            return whole;
        }

        var message = new NetMQMessage(1);
        message.Append(First);
        return message;
    }

    /// <summary>Reads the next message without waiting: false when there is none.</summary>
    public static bool TryReceive(NetMQSocket socket, out ReceivedMessage received)
    {
        if (!socket.TryReceiveFrameBytes(TimeSpan.Zero, out var bytes, out var more))
        {
            received = default;
            return false;
        }

        var first = new NetMQFrame(bytes);
        NetMQMessage? whole = null;
        if (more)
        {
            // ZeroMQ delivers a message's frames together: the rest is there already.
            whole = new NetMQMessage();
            whole.Append(first);
            while (more)
            {
                whole.Append(socket.ReceiveFrameBytes(out more));
            }
        }

        received = new ReceivedMessage(first, whole);
        return true;
    }
}
