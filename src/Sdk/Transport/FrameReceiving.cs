using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// Reads frames from a socket as the arrays NetMQ read them into: NetMQ's own <c>ReceiveFrameBytes</c> and
/// <c>TryReceiveMultipartMessage</c> copy each frame into a new array and give the one it was read into back to its
/// buffer pool. A frame read from a connection has an array of its own, of its exact size, which nothing else holds; that
/// array is taken as it is, and not given back (NetMQ's default pool only lets it go to the garbage collector, and a pool
/// set by the application makes another when it needs one). Any other frame (a pooled array longer than the frame, or an
/// array shared with another message, as the in-process transport passes a sender's own) is copied, as NetMQ does.
/// </summary>
internal static class FrameReceiving
{
    /// <summary>Reads the next frame without waiting: false when there is none.</summary>
    public static bool TryReceiveFrame(NetMQSocket socket, [NotNullWhen(true)] out byte[]? bytes, out bool more)
    {
        var msg = new Msg();
        msg.InitEmpty();
        if (!socket.TryReceive(ref msg, TimeSpan.Zero))
        {
            msg.Close();
            bytes = null;
            more = false;
            return false;
        }

        more = msg.HasMore;
        bytes = Take(ref msg);
        return true;
    }

    /// <summary>Reads the next frame of a message whose first frame was read: ZeroMQ delivers a message's frames together.</summary>
    public static byte[] ReceiveNextFrame(NetMQSocket socket, out bool more)
    {
        var msg = new Msg();
        msg.InitEmpty();
        socket.Receive(ref msg);
        more = msg.HasMore;
        return Take(ref msg);
    }

    /// <summary>
    /// Reads the next message without waiting, into <paramref name="message"/> (cleared first) or, when that is
    /// <see langword="null"/>, a new one with room for <paramref name="expectedFrameCount"/> frames: false when there is none.
    /// </summary>
    public static bool TryReceiveMessage(NetMQSocket socket, [NotNullWhen(true)] ref NetMQMessage? message, int expectedFrameCount = 4)
    {
        if (!TryReceiveFrame(socket, out var first, out var more))
        {
            return false;
        }

        if (message is null)
        {
            message = new NetMQMessage(expectedFrameCount);
        }
        else
        {
            message.Clear();
        }

        message.Append(first);
        while (more)
        {
            message.Append(ReceiveNextFrame(socket, out more));
        }

        return true;
    }

    /// <summary>
    /// Reads the next message without waiting: false when there is none. A message of no more frames than
    /// <paramref name="frames"/> holds is read into it, as many as <paramref name="count"/> says, and costs no
    /// <see cref="NetMQMessage"/>; a longer one is read whole into <paramref name="whole"/>.
    /// </summary>
    public static bool TryReceiveFrames(NetMQSocket socket, byte[][] frames, out int count, out NetMQMessage? whole)
    {
        count = 0;
        whole = null;
        if (!TryReceiveFrame(socket, out var frame, out var more))
        {
            return false;
        }

        while (true)
        {
            if (whole is not null)
            {
                whole.Append(frame);
            }
            else if (count < frames.Length)
            {
                frames[count++] = frame;
            }
            else
            {
                whole = ToMessage(frames.AsSpan(0, count));
                whole.Append(frame);
                count = 0;
                frames.AsSpan().Clear();
            }

            if (!more)
            {
                return true;
            }

            frame = ReceiveNextFrame(socket, out more);
        }
    }

    /// <summary>A message of <paramref name="frames"/>.</summary>
    public static NetMQMessage ToMessage(ReadOnlySpan<byte[]> frames)
    {
        var message = new NetMQMessage(frames.Length + 1);
        foreach (var frame in frames)
        {
            message.Append(frame);
        }

        return message;
    }

    /// <summary>
    /// The frame's bytes, leaving <paramref name="msg"/> empty, ready to receive the next frame: its own array when it
    /// has one, else a copy.
    /// </summary>
    public static byte[] Take(ref Msg msg)
    {
        if (msg.MsgType == MsgType.Pool && !msg.IsShared
            && MemoryMarshal.TryGetArray<byte>(msg.SliceAsMemory(), out var frame) && frame is { Array: { } data, Offset: 0 } && frame.Count == data.Length)
        {
            // Emptied without closing: closing would give the array back to the pool, and it is the caller's now.
            msg.InitEmpty();
            return data;
        }

        var copy = msg.Size == 0 ? [] : msg.CloneData();
        msg.Close();
        msg.InitEmpty();
        return copy;
    }
}
