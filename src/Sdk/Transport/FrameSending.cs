using System;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// Hands frames to a socket as the arrays they are: NetMQ's own <c>SendFrame</c> and <c>SendMultipartMessage</c> copy
/// each frame into a new buffer first. Safe only for frames nothing writes to once they are queued, which holds for every
/// message the SDK sends (a receiver gets its own array: a connection's frames are read into new ones, and
/// <see cref="FrameReceiving"/> copies an in-process sender's).
/// </summary>
internal static class FrameSending
{
    /// <summary>
    /// Offers <paramref name="message"/> to the socket without waiting: false, and nothing sent, when the socket will not
    /// take it. Usually a socket that took the first frame takes the rest, but not always: when the peer it chose goes
    /// away between two frames, NetMQ rolls the message back and refuses the next frame. The frames left are then
    /// offered with no wait, which NetMQ drops to reset its state, and the whole message counts as not taken, to be
    /// offered again (a blocking send there would stall the socket's thread until another peer came).
    /// </summary>
    /// <exception cref="ArgumentException">The message has no frames.</exception>
    /// <exception cref="NetMQException">The socket refused the message (a ROUTER's peer is gone, for instance).</exception>
    public static bool TrySendMultipartMessage(NetMQSocket socket, NetMQMessage message)
    {
        if (message.IsEmpty)
        {
            throw new ArgumentException("The message has no frames.", nameof(message));
        }

        return TrySend(socket, new MessageFrames(message));
    }

    /// <summary>Offers <paramref name="frames"/> to the socket as one message, as <see cref="TrySendMultipartMessage"/> does.</summary>
    /// <exception cref="NetMQException">The socket refused the message.</exception>
    public static bool TrySendFrames(NetMQSocket socket, ArraySegment<byte[]> frames) => TrySend(socket, new ArrayFrames(frames));

    private static bool TrySend<TFrames>(NetMQSocket socket, TFrames frames)
        where TFrames : IFrames
    {
        var last = frames.Count - 1;
        if (!TrySendFrame(socket, frames.Bytes(0), frames.Size(0), TimeSpan.Zero, more: last > 0))
        {
            return false;
        }

        for (var i = 1; i <= last; i++)
        {
            if (!TrySendFrame(socket, frames.Bytes(i), frames.Size(i), TimeSpan.Zero, more: i < last))
            {
                for (var rest = i + 1; rest <= last; rest++)
                {
                    TrySendFrame(socket, frames.Bytes(rest), frames.Size(rest), TimeSpan.Zero, more: rest < last);
                }

                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Offers <paramref name="first"/>, followed by <paramref name="next"/> when there is one, to the socket as one
    /// message without waiting, as <see cref="TrySendMultipartMessage"/> does.
    /// </summary>
    /// <exception cref="NetMQException">The socket refused the message.</exception>
    public static bool TrySendFrames(NetMQSocket socket, byte[] first, byte[]? next) =>
        TrySendFrame(socket, first, first.Length, TimeSpan.Zero, more: next is not null)

        // A refused last frame leaves nothing to drop: NetMQ has already rolled the message back.
        && (next is null || TrySendFrame(socket, next, next.Length, TimeSpan.Zero, more: false));

    /// <summary>
    /// Hands <paramref name="bytes"/> to the socket as one frame, waiting for room as long as it takes. Only for sockets
    /// that never make a send wait nor refuse a frame midway, such as XPUB, which drops what a peer cannot take.
    /// </summary>
    public static void SendFrame(NetMQSocket socket, byte[] bytes, bool more) =>
        TrySendFrame(socket, bytes, bytes.Length, SendReceiveConstants.InfiniteTimeout, more);

    /// <summary>Offers the first <paramref name="size"/> bytes of <paramref name="bytes"/> to the socket as one frame, waiting up to <paramref name="timeout"/> for room.</summary>
    public static bool TrySendFrame(NetMQSocket socket, byte[] bytes, int size, TimeSpan timeout, bool more)
    {
        var msg = new Msg();
        msg.InitGC(bytes, size);
        try
        {
            return socket.TrySend(ref msg, timeout, more);
        }
        finally
        {
            msg.Close();
        }
    }

    /// <summary>The frames of a message, as <see cref="TrySend"/> reads them: with no copy, and no delegate.</summary>
    private interface IFrames
    {
        int Count { get; }

        byte[] Bytes(int index);

        int Size(int index);
    }

    private readonly struct MessageFrames(NetMQMessage message) : IFrames
    {
        public int Count => message.FrameCount;

        public byte[] Bytes(int index) => message[index].Buffer;

        public int Size(int index) => message[index].MessageSize;
    }

    private readonly struct ArrayFrames(ArraySegment<byte[]> frames) : IFrames
    {
        public int Count => frames.Count;

        public byte[] Bytes(int index) => frames[index];

        public int Size(int index) => frames[index].Length;
    }
}
