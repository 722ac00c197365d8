using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// A socket's monitor, read directly: the PAIR socket that NetMQ sends a socket's events to. Connected as soon as it is
/// made, so that no event is lost before whoever reads it is ready (NetMQ drops an event its monitor socket cannot take).
/// </summary>
internal static class MonitorEvents
{
    /// <summary>A monitor event's frame: the event (4 bytes), the address's length (1) and address, a flag (1), then the argument.</summary>
    private const int EventHeader = 4 + 1;

    /// <summary>The flag of an event whose argument is a handle to a .NET socket, which the reader must free.</summary>
    private const byte SocketArgument = 2;

    /// <summary>
    /// Has <paramref name="socket"/> report <paramref name="events"/>, and returns the socket they arrive on, connected.
    /// Takes two of NetMQ's sockets (<see cref="NetMQConfig.MaxSockets"/>): the reader is made first, so that when NetMQ
    /// refuses either, the <see cref="NetMQException"/> leaves neither open (NetMQ's own would stay attached to
    /// <paramref name="socket"/> until it closes, since NetMQ lets no one detach a monitor).
    /// </summary>
    public static PairSocket Watch(NetMQSocket socket, SocketEvents events)
    {
        var address = $"inproc://zmqcontracts.monitor.{Guid.NewGuid():N}";
        var monitor = new PairSocket();
        try
        {
            monitor.Options.Linger = TimeSpan.Zero;
            socket.Monitor(address, events);
            monitor.Connect(address);
            return monitor;
        }
        catch
        {
            monitor.Dispose();
            throw;
        }
    }

    /// <summary>The event a monitor frame reports; frees the handle NetMQ hands over with some events.</summary>
    public static SocketEvents Read(byte[] frame)
    {
        if (frame.Length < EventHeader + 1)
        {
            return 0;
        }

        var flag = EventHeader + frame[EventHeader - 1];
        if (flag < frame.Length && frame[flag] == SocketArgument && frame.Length == flag + 1 + IntPtr.Size)
        {
            var handle = IntPtr.Size == 8 ? (IntPtr)BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(flag + 1)) : BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(flag + 1));
            GCHandle.FromIntPtr(handle).Free();
        }

        return (SocketEvents)BinaryPrimitives.ReadInt32LittleEndian(frame);
    }
}
