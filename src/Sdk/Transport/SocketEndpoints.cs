using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// Binds, connects and unbinds sockets for every endpoint type, so that each reports a bad endpoint the same way: a
/// <see cref="ZmqException"/> that names the endpoint, what is wrong with it and how to fix it.
/// </summary>
internal static class SocketEndpoints
{
    /// <summary>How long a close waits for NetMQ's I/O thread to close a socket's listeners.</summary>
    public static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How messages show an endpoint written well.</summary>
    public const string Example = "tcp://127.0.0.1:5555 (or tcp://127.0.0.1:* to bind a free port)";

    /// <summary>
    /// Makes a socket, or a socket's monitor (which takes two), through <paramref name="make"/>. NetMQ refuses a socket
    /// past <see cref="NetMQConfig.MaxSockets"/> open in the process with a bare <see cref="NetMQException"/>; that becomes
    /// a <see cref="ZmqException"/> naming <paramref name="owner"/>, the limit, and how to raise it.
    /// </summary>
    /// <param name="owner">Whose socket it is, for the message: the public type, such as <c>CalculatorClient</c>.</param>
    /// <param name="make">Makes the socket.</param>
    /// <exception cref="ZmqException">NetMQ's limit of open sockets is reached.</exception>
    public static TSocket Make<TSocket>(string owner, Func<TSocket> make)
    {
        try
        {
            return make();
        }
        catch (NetMQException exception) when (IsSocketLimit(exception))
        {
            throw new ZmqException(
                $"The {owner} cannot make its socket: NetMQ's limit of open sockets in this process (NetMQConfig.MaxSockets, 1024 unless set) is reached. " +
                "Dispose the endpoints no longer used (NetMQ frees a socket's place a moment after its dispose), or raise NetMQConfig.MaxSockets before the first endpoint " +
                "is made: NetMQ reads it once, when it makes its first socket (docs/scaling.md, \"Sockets per process\").",
                exception);
        }
    }

    /// <summary>Whether <paramref name="exception"/> is NetMQ's refusal to make a socket past <see cref="NetMQConfig.MaxSockets"/>.</summary>
    public static bool IsSocketLimit(NetMQException exception) => exception.ErrorCode == ErrorCode.TooManyOpenSockets;

    /// <summary>Binds <paramref name="socket"/> and returns what it bound, with the port chosen for <c>*</c>.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="endpoint">A ZeroMQ endpoint, such as <c>tcp://127.0.0.1:*</c>.</param>
    /// <param name="owner">Who binds or connects, for the message: the public type, such as <c>CalculatorServer</c>.</param>
    /// <exception cref="ZmqException">The endpoint is malformed, its host does not resolve, or its port is in use.</exception>
    public static BoundEndpoint Bind(NetMQSocket socket, string endpoint, string owner)
    {
        Use(socket, endpoint, owner, connects: false, static (socket, endpoint) => socket.Bind(endpoint));
        var netmq = socket.Options.LastEndpoint ?? endpoint;
        return endpoint.StartsWith(TcpScheme, StringComparison.Ordinal) ? BoundTcp(endpoint, netmq)
            : IpcListeners.IsIpc(endpoint) ? new BoundEndpoint(netmq, endpoint, IpcListeners.Of(endpoint))
            : new BoundEndpoint(netmq, endpoint, null);
    }

    /// <summary>Connects <paramref name="socket"/>; ZeroMQ makes the connection in the background and retries it.</summary>
    /// <inheritdoc cref="Bind" path="/param"/>
    /// <exception cref="ZmqException">The endpoint is malformed, or its host does not resolve.</exception>
    public static void Connect(NetMQSocket socket, string endpoint, string owner) =>
        Use(socket, endpoint, owner, connects: true, static (socket, endpoint) => socket.Connect(endpoint));

    /// <summary>
    /// Unbinds <paramref name="binding"/> from <paramref name="socket"/>, on the thread that owns it; returns whether NetMQ
    /// had it bound (it has not after an earlier unbind), without waiting for its listener to close.
    /// </summary>
    public static bool Unbind(NetMQSocket socket, BoundEndpoint binding)
    {
        try
        {
            socket.Unbind(binding.Name);
            return true;
        }
        catch (EndpointNotFoundException)
        {
            return false;
        }
    }

    private const string TcpScheme = "tcp://";

    /// <summary>
    /// What a TCP bind of <paramref name="endpoint"/> bound, from NetMQ's own text of it (<paramref name="netmq"/>,
    /// <c>tcp://address:port</c>). NetMQ 4.0.4.5 writes an IPv6 address as its family (<c>tcp://[InterNetworkV6]:port</c>):
    /// the address is then the host given, since NetMQ resolves a host name to IPv4 only (its IPv4Only option, which
    /// ZmqContracts leaves set). NetMQ files the binding under the given text up to its first colon with the port bound
    /// after it, which for an IPv6 address is <c>tcp://[:port</c>.
    /// </summary>
    private static BoundEndpoint BoundTcp(string endpoint, string netmq)
    {
        var address = endpoint[TcpScheme.Length..];
        var port = int.Parse(netmq.AsSpan(netmq.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        var name = $"{TcpScheme}{address[..address.IndexOf(':')]}:{port}";
        var listener = IPAddress.TryParse(Host(netmq), out var ip) || IPAddress.TryParse(Host(endpoint), out ip)
            ? new IPEndPoint(ip, port)
            : null;
        return new BoundEndpoint(listener is null ? netmq : TcpScheme + listener, name, listener);
    }

    /// <summary>The host of a <c>tcp://host:port</c> endpoint, without the brackets of an IPv6 address.</summary>
    private static string Host(string endpoint) => endpoint[TcpScheme.Length..endpoint.LastIndexOf(':')].Trim('[', ']');

    private static void Use(NetMQSocket socket, string endpoint, string owner, bool connects, Action<NetMQSocket, string> use)
    {
        var verb = connects ? "connect to" : "bind";
        if (Malformed(endpoint, connects) is { } problem)
        {
            throw new ZmqException($"The {owner} cannot {verb} '{endpoint}': {problem}. Write an endpoint as {Example}.");
        }

        try
        {
            use(socket, endpoint);
        }
        catch (AddressAlreadyInUseException exception)
        {
            var where = IpcListeners.IsIpc(endpoint)
                ? $"NetMQ carries it over the loopback TCP port {IpcListeners.Of(endpoint).Port} (a hash of the name), which is in use, by another program, another ipc:// name, or another endpoint of this one. "
                : "the address is in use, by another program or another endpoint of this one. ";
            throw new ZmqException(
                $"The {owner} cannot {verb} {endpoint}: {where}" +
                "Stop that one first, dispose it (its endpoint is free once DisposeAsync returns), or bind another port, such as tcp://127.0.0.1:* for a free one.",
                exception);
        }
        catch (EndpointNotFoundException exception) when (connects)
        {
            throw new ZmqException(
                $"The {owner} cannot connect to {endpoint}: nothing in this process has bound it. NetMQ connects to an inproc:// endpoint only once it is bound " +
                "(it keeps no connect waiting, as it does for tcp://): make and start the side that binds it first, such as the server, then this one.",
                exception);
        }
        catch (Exception exception) when (exception is SocketException || exception.InnerException is SocketException)
        {
            throw new ZmqException(
                $"The {owner} cannot {verb} {endpoint}: its host does not resolve to an address here ({exception.Message}). " +
                "Check the host name, or use an IP address: NetMQ takes no network interface's name (such as lo or eth0), so write the interface's address " +
                "(127.0.0.1 for lo), or * to bind every interface.",
                exception);
        }
        catch (Exception exception) when (exception is NetMQException or ArgumentException or FormatException)
        {
            throw new ZmqException($"The {owner} cannot {verb} {endpoint}: {exception.Message}. Write an endpoint as {Example}.", exception);
        }
    }

    /// <summary>The transports NetMQ knows, as it spells them (in lower case): what an endpoint may start with, before <c>://</c>.</summary>
    private static readonly string[] Transports = ["tcp", "ipc", "inproc", "pgm", "epgm"];

    /// <summary>
    /// What is wrong with the form of <paramref name="endpoint"/>, or <see langword="null"/> when nothing NetMQ would
    /// misreport is. A port of <c>*</c> or <c>0</c> (a free one) is for a bind: NetMQ takes it for a connect too, and then
    /// connects nowhere, for ever. So is a host of <c>*</c> (every interface): NetMQ connects to it as to 0.0.0.0, which
    /// reaches this machine on Linux only by accident, and nothing on Windows; libzmq refuses it.
    /// </summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="connects">Whether it is connected to (otherwise bound).</param>
    public static string? Malformed(string endpoint, bool connects)
    {
        if (endpoint.Length > 0 && (char.IsWhiteSpace(endpoint[0]) || char.IsWhiteSpace(endpoint[^1])))
        {
            return "it starts or ends with white space, which NetMQ takes as part of it: remove the spaces";
        }

        var scheme = endpoint.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return "it does not name its transport (tcp://, ipc:// or inproc://)";
        }

        var transport = endpoint[..scheme];
        if (Array.IndexOf(Transports, transport) < 0)
        {
            return $"'{transport}' is not a transport NetMQ knows: write tcp, ipc, inproc, pgm or epgm, in lower case";
        }

        if (transport != "tcp")
        {
            return null;
        }

        var address = endpoint[(scheme + 3)..];
        var colon = address.LastIndexOf(':');
        if (colon <= 0)
        {
            return "a tcp endpoint needs a host and a port, as host:port";
        }

        var port = address[(colon + 1)..];
        var isNumber = ushort.TryParse(port, out var number) && port.Length <= 5;
        if (port != "*" && !isNumber)
        {
            return $"'{port}' is not a port: a port is a number from 0 to 65535, or * for a free one";
        }

        if (connects && address[..colon] == "*")
        {
            return "host * stands for every interface, which only a bind listens on: connect to the host the other side runs on, such as tcp://127.0.0.1:5555 on this machine";
        }

        return connects && (port == "*" || number == 0)
            ? $"port {port} stands for a free port, which only a bind picks: connect to the port the other side bound (its Endpoint after Start reports it, such as tcp://127.0.0.1:41071)"
            : null;
    }

    /// <summary>
    /// Unbinds <paramref name="bindings"/> and closes <paramref name="socket"/>,
    /// returning once NetMQ's I/O thread has closed every TCP listener, so that the ports are free for the next bind; at
    /// most <see cref="ReleaseTimeout"/>. Connections already made keep delivering for the socket's linger. On the thread
    /// that owns the socket. After <c>NetMQConfig.Cleanup</c> ended NetMQ's context under the socket, which closed its
    /// listeners with it, returns at once (see <see cref="Release"/>).
    /// </summary>
    public static void Close(NetMQSocket socket, IReadOnlyList<BoundEndpoint> bindings)
    {
        try
        {
            if (bindings.Count > 0)
            {
                ListenerClosings.Unbind(socket, bindings, ReleaseTimeout);
            }
        }
        catch (TerminatingException)
        {
            // NetMQ's context is gone, and the listeners with it: there is nothing to unbind or wait for.
        }
        finally
        {
            Release(socket);
        }
    }

    /// <summary>
    /// Disposes <paramref name="socket"/>. After <c>NetMQConfig.Cleanup</c> ended NetMQ's context under it, NetMQ can no
    /// longer take it back (its dispose throws a <see cref="TerminatingException"/>, or an <see cref="ObjectDisposedException"/>
    /// for the context's mailbox): it is then left to the garbage collector, and the dispose returns all the same.
    /// </summary>
    public static void Release(NetMQSocket socket)
    {
        try
        {
            socket.Dispose();
        }
        catch (Exception exception) when (exception is TerminatingException or ObjectDisposedException)
        {
            // Nothing of the socket is left for NetMQ to free: its context ended.
        }
    }
}
