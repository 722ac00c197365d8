using System;
using System.Collections.Generic;
using System.Diagnostics;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// Unbinds a socket's endpoints and waits until NetMQ has closed their listeners. NetMQ closes a listener on its I/O
/// thread a moment after <see cref="NetMQSocket.Unbind"/> or <see cref="IDisposable.Dispose"/> returns; it then reports
/// <see cref="SocketEvents.Closed"/> to the socket's monitor, which is the one sign that the port is free again.
/// </summary>
internal static class ListenerClosings
{
    /// <summary>On the thread that owns <paramref name="socket"/>; returns after <paramref name="timeout"/> at most.</summary>
    public static void Unbind(NetMQSocket socket, IReadOnlyList<string> bindings, TimeSpan timeout)
    {
        using var events = MonitorEvents.Watch(socket, SocketEvents.Closed);

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
            if (MonitorEvents.Read(frame) == SocketEvents.Closed)
            {
                listeners--;
            }
        }
    }
}
