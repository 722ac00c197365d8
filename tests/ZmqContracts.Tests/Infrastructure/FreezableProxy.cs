using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests;

/// <summary>
/// A TCP proxy in front of a server that can freeze the connections it carries: they stay open but nothing passes any
/// more, as when the server's host vanishes without closing them (a half-open connection). Connections made after a
/// freeze pass again, so a client that connects afresh reaches the server. It runs on threads of its own, so that tests
/// which block thread-pool threads cannot slow it down.
/// </summary>
internal sealed class FreezableProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly List<Connection> _connections = [];
    private readonly SemaphoreSlim _acceptedSignal = new(0);
    private int _accepted;

    public FreezableProxy(string targetEndpoint)
    {
        var target = new Uri(targetEndpoint.Replace("tcp://", "http://", StringComparison.Ordinal));
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        Endpoint = $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        Run(Accept);
    }

    /// <summary>Where clients connect.</summary>
    public string Endpoint { get; }

    /// <summary>How many connections the proxy has accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Completes when the proxy has accepted a connection not waited for before: awaited twice, it sees a client connect twice.</summary>
    public Task NextAcceptedAsync() => _acceptedSignal.WaitAsync();

    /// <summary>Stops every connection open now from passing anything, without closing it.</summary>
    public void Freeze()
    {
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Frozen = true);
        }
    }

    /// <summary>
    /// As <see cref="Freeze"/>, except that what the server sends is still read (and dropped, so nothing reaches the
    /// client), only so that the server's closing the connection is seen: completes once the server has closed every
    /// connection frozen now (a server that drops a peer whose heartbeats go unanswered, say).
    /// </summary>
    public Task FreezeUntilServerClosesAsync()
    {
        lock (_connections)
        {
            return Task.WhenAll(_connections.ConvertAll(connection =>
            {
                connection.ServerWatched = true;
                connection.Frozen = true;
                return connection.ServerClosed.Task;
            }));
        }
    }

    /// <summary>Closes every connection open now, as a server that dies does; new ones are accepted as before.</summary>
    public void DropConnections()
    {
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Close());
            _connections.Clear();
        }
    }

    /// <summary>Refuses new connections from now on; those open now go on as they are.</summary>
    public void StopAccepting() => _listener.Stop();

    public void Dispose()
    {
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Close());
        }
    }

    private static void Run(Action action) => new Thread(() => action()) { IsBackground = true, Name = "FreezableProxy" }.Start();

    private void Accept()
    {
        try
        {
            while (true)
            {
                var connection = new Connection(_listener.AcceptTcpClient(), new TcpClient());
                connection.Server.Connect(_target);
                lock (_connections)
                {
                    _connections.Add(connection);
                }

                Interlocked.Increment(ref _accepted);
                _acceptedSignal.Release();

                // Both streams taken here: once one pump runs, it may close the connection before the other starts.
                var client = connection.Client.GetStream();
                var server = connection.Server.GetStream();
                Run(() => Pump(connection, client, server, fromServer: false));
                Run(() => Pump(connection, server, client, fromServer: true));
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Disposed: the listener stopped, during an accept (SocketException) or between two (InvalidOperationException).
        }
    }

    /// <summary>
    /// Copies until one side closes, then closes the other, as a TCP proxy does; once the connection is frozen, what
    /// arrives is dropped, nothing more is read (but from a watched server, until it closes), and nothing is closed.
    /// </summary>
    private static void Pump(Connection connection, NetworkStream from, NetworkStream to, bool fromServer)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = from.Read(buffer)) > 0)
            {
                if (!connection.Frozen)
                {
                    to.Write(buffer.AsSpan(0, read));
                }
                else if (!(fromServer && connection.ServerWatched))
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
        }

        if (fromServer)
        {
            connection.ServerClosed.TrySetResult();
        }

        if (!connection.Frozen)
        {
            connection.Close();
        }
    }

    private sealed class Connection(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;

        public TcpClient Server { get; } = server;

        public volatile bool Frozen;

        /// <summary>Set before <see cref="Frozen"/> by <see cref="FreezeUntilServerClosesAsync"/>: the server side is read until it closes.</summary>
        public volatile bool ServerWatched;

        /// <summary>Completes once the server side's pump has stopped: the server closed, or the proxy did.</summary>
        public TaskCompletionSource ServerClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Close()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
