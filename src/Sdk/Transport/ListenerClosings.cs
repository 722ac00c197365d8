using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Unbinds a socket's endpoints and waits until NetMQ has closed their listeners. NetMQ closes a listener on its I/O
/// thread a moment after <see cref="NetMQSocket.Unbind"/> or <see cref="IDisposable.Dispose"/> returns; it then reports
/// <see cref="SocketEvents.Closed"/> to the socket's monitor, which is the one sign that the port is free again.
/// </summary>
internal static class ListenerClosings
{
    /// <summary>A monitor event's frame: the event (4 bytes), the address's length (1) and address, a flag (1), then the argument.</summary>
    private const int EventHeader = 4 + 1;

    /// <summary>The flag of an event whose argument is a handle to the listener's socket, which the reader must free.</summary>
    private const byte SocketArgument = 2;

    /// <summary>On the thread that owns <paramref name="socket"/>; returns after <paramref name="timeout"/> at most.</summary>
    public static void Unbind(NetMQSocket socket, IReadOnlyList<string> bindings, TimeSpan timeout)
    {
        var address = $"inproc://zmqcontracts.closings.{Guid.NewGuid():N}";
        socket.Monitor(address, SocketEvents.Closed);
        using var events = new PairSocket();
        events.Options.Linger = TimeSpan.Zero;
        events.Connect(address);

        var listeners = 0;
        foreach (var binding in bindings)
        {
            try
            {
                socket.Unbind(binding);
            }
            catch (EndpointNotFoundException)
            {
                // Not bound under that name: closing the socket closes the listener all the same, only not waited for.
                continue;
            }

            if (binding.StartsWith("tcp://", StringComparison.Ordinal))
            {
                listeners++;
            }
        }

        var clock = Stopwatch.StartNew();
        while (listeners > 0 && clock.Elapsed < timeout && events.TryReceiveFrameBytes(timeout - clock.Elapsed, out var frame))
        {
            if (IsClosed(frame))
            {
                listeners--;
            }
        }
    }

    private static bool IsClosed(byte[] frame)
    {
        if (frame.Length < EventHeader + 1)
        {
            return false;
        }

        var flag = EventHeader + frame[EventHeader - 1];
        if (flag < frame.Length && frame[flag] == SocketArgument && frame.Length == flag + 1 + IntPtr.Size)
        {
            // NetMQ hands the listener's socket over as a GC handle that the reader of the event frees.
            var handle = IntPtr.Size == 8 ? (IntPtr)BinaryPrimitives.ReadInt64LittleEndian(frame.AsSpan(flag + 1)) : BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(flag + 1));
            GCHandle.FromIntPtr(handle).Free();
        }

        return (SocketEvents)BinaryPrimitives.ReadInt32LittleEndian(frame) == SocketEvents.Closed;
    }
}
