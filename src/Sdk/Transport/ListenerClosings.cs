using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
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
    /// <summary>On the thread that owns <paramref name="socket"/>; returns after <paramref name="timeout"/> at most.</summary>
    public static void Unbind(NetMQSocket socket, IReadOnlyList<BoundEndpoint> bindings, TimeSpan timeout)
    {
        using var events = WatchClosings(socket);

        // One not bound any more (unbound earlier) is not waited for here: closing the socket closes its listener all the
        // same, and its port is waited for below.
        var listeners = 0;
        foreach (var binding in bindings)
        {
            if (SocketEndpoints.Unbind(socket, binding) && binding.Listener is not null)
            {
                listeners++;
            }
        }

        var clock = Stopwatch.StartNew();
        while (events is not null && listeners > 0 && clock.Elapsed < timeout && events.TryReceiveFrameBytes(timeout - clock.Elapsed, out var frame))
        {
            if (MonitorEvents.Read(frame) == SocketEvents.Closed)
            {
                listeners--;
            }
        }

        foreach (var binding in bindings)
        {
            if (binding.Listener is { } listener)
            {
                WaitUntilFree(listener, clock, timeout);
            }
        }
    }

    /// <summary>
    /// The socket's <see cref="SocketEvents.Closed"/> events, or <see langword="null"/> when NetMQ's socket limit
    /// (<see cref="NetMQConfig.MaxSockets"/>) leaves no room for the two sockets a monitor takes: the close then unbinds
    /// all the same and waits for the ports alone (<see cref="WaitUntilFree"/>).
    /// </summary>
    private static PairSocket? WatchClosings(NetMQSocket socket)
    {
        try
        {
            return MonitorEvents.Watch(socket, SocketEvents.Closed);
        }
        catch (NetMQException exception) when (SocketEndpoints.IsSocketLimit(exception))
        {
            return null;
        }
    }

    /// <summary>
    /// NetMQ reports a listener closed once it has disposed it, but .NET may release the port a moment later, once the
    /// accept that was pending on it has been torn down: waits for that, yielding, until a bind of the port would succeed.
    /// </summary>
    private static void WaitUntilFree(IPEndPoint address, Stopwatch clock, TimeSpan timeout)
    {
        var spinner = new SpinWait();
        while (!IsFree(address) && clock.Elapsed < timeout)
        {
            spinner.SpinOnce();
        }
    }

    private static bool IsFree(IPEndPoint address)
    {
        using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ExclusiveAddressUse = false };
        try
        {
            probe.Bind(address);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
