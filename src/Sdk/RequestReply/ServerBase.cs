using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// What every generated server is besides its contract's operations: its endpoint and its lifecycle. A generated server
/// derives from it and writes only its constructor and its table of operations.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ServerBase : IZmqEndpoint
{
    private readonly ReplyServer _server;

    /// <summary>Takes <paramref name="server"/>, not started yet, as the server's own.</summary>
    /// <param name="server">Serves the contract's operations.</param>
    protected ServerBase(ReplyServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
    }

    /// <summary>The endpoint: as given until <see cref="Start"/>, then the address actually bound.</summary>
    public string Endpoint => _server.Endpoint;

    /// <summary>Binds the endpoint and starts serving, unless started already; returns at once.</summary>
    /// <exception cref="ZmqException">The endpoint could not be bound; the message names it and says why.</exception>
    public void Start() => _server.Start();

    /// <summary>Starts serving unless started, serves until <paramref name="cancellationToken"/> is cancelled or the server is disposed, then shuts down as <see cref="DisposeAsync"/> does.</summary>
    /// <param name="cancellationToken">Ends the serving.</param>
    public Task RunAsync(CancellationToken cancellationToken) => _server.RunAsync(cancellationToken);

    /// <summary>
    /// Stops taking requests, lets the calls in flight finish within the options' drain timeout, and closes; returns once
    /// the endpoint is free. Called from one of the server's handlers, it starts the shutdown and returns at once: the
    /// handler's reply goes out, then the server closes.
    /// </summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
