using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// What every generated client is besides its contract's methods: its connection, its state and its lifecycle. A
/// generated client derives from it, as a gRPC client derives from <c>ClientBase</c>, and writes only its constructor,
/// its table of operations and the contract's methods.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ClientBase : IZmqEndpoint, IDisposable
{
    /// <summary>Takes <paramref name="connection"/>, already connected, as the client's own.</summary>
    /// <param name="connection">The connection the contract's methods call through.</param>
    protected ClientBase(ReplyClient connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        connection.ConnectionChanged += (_, change) => ConnectionChanged?.Invoke(this, change);
    }

    /// <summary>The endpoint this client connects to.</summary>
    public string Endpoint => Connection.Endpoint;

    /// <summary>Whether the client is connected to its server now.</summary>
    public bool IsConnected => Connection.IsConnected;

    /// <summary>The connection the contract's methods call through.</summary>
    protected ReplyClient Connection { get; }

    /// <inheritdoc cref="ReplyClient.BrokeredService"/>
    internal string? BrokeredService => Connection.BrokeredService;

    /// <summary>Raised, off the socket's thread and in order, each time the connection to the server is made or lost; the sender is this client.</summary>
    public event EventHandler<ZmqConnectionEventArgs>? ConnectionChanged;

    /// <inheritdoc cref="ReplyClient.IsServiceServedAsync"/>
    internal Task<bool> IsServiceServedAsync(TimeSpan timeout, CancellationToken cancellationToken) => Connection.IsServiceServedAsync(timeout, cancellationToken);

    /// <summary>Does nothing more: the constructor connected the client.</summary>
    void IZmqEndpoint.Start() => Connection.Start();

    /// <inheritdoc/>
    Task IZmqEndpoint.RunAsync(CancellationToken cancellationToken) => Connection.RunAsync(cancellationToken);

    /// <summary>Closes the connection; calls still waiting for a reply fail with an <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose() => Connection.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
