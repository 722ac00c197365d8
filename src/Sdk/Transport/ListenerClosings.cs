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
    public static void Unbind(NetMQSocket socket, IReadOnlyList<string> bindings, TimeSpan timeout)
    {
        using var events = WatchClosings(socket);

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
        while (events is not null && listeners > 0 && clock.Elapsed < timeout && events.TryReceiveFrameBytes(timeout - clock.Elapsed, out var frame))
        {
            if (MonitorEvents.Read(frame) == SocketEvents.Closed)
            {
                listeners--;
            }
        }

        foreach (var binding in bindings)
        {
            WaitUntilFree(binding, clock, timeout);
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
    private static void WaitUntilFree(string binding, Stopwatch clock, TimeSpan timeout)
    {
        if (!TryParseTcp(binding, out var address))
        {
            return;
        }

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

    /// <summary>The address of a TCP binding whose host is <c>*</c> or an IP address (a host name is not probed).</summary>
    private static bool TryParseTcp(string binding, out IPEndPoint address)
    {
        address = null!;
        const string Scheme = "tcp://";
        var colon = binding.LastIndexOf(':');
        if (!binding.StartsWith(Scheme, StringComparison.Ordinal) || colon < Scheme.Length || !int.TryParse(binding.AsSpan(colon + 1), out var port))
        {
            return false;
        }

        var host = binding[Scheme.Length..colon].Trim('[', ']');
        if (host == "*")
        {
            address = new IPEndPoint(IPAddress.Any, port);
            return true;
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            address = new IPEndPoint(ip, port);
            return true;
        }

        return false;
    }
}
