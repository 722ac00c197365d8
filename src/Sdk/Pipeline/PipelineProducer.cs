using System;
using System.ComponentModel;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// The socket behind a generated pipeline producer: a PUSH socket, bound, on its own poller thread. ZeroMQ spreads the
/// items over the connected workers in turn (fair queuing). A send that finds no room — no worker connected yet, or every
/// worker's queue at its high-water mark — waits for room instead of dropping the item. Thread-safe. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelineProducer : IAsyncDisposable, IDisposable
{
    private readonly string _contract;
    private readonly ZmqProducerOptions _options;
    private readonly IZmqSerializer _serializer;
    private readonly PipelineFraming _framing;
    private readonly SocketLoop _loop;

    /// <summary>Binds <paramref name="endpoint"/>.</summary>
    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="endpoint">A ZeroMQ endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="contractSerializer">The contract's format, used unless the options choose a serializer.</param>
    /// <param name="framing">Whether items name their operation.</param>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    public PipelineProducer(string contract, string endpoint, ZmqProducerOptions? options, IZmqSerializer contractSerializer, PipelineFraming framing)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _contract = contract;
        _options = options ?? new ZmqProducerOptions();
        _serializer = _options.SerializerFor(contractSerializer);
        _options.Validate();
        _framing = framing;

        var socket = _options.Configure(new PushSocket(), _options.Linger);
        try
        {
            Endpoint = SocketEndpoints.Bind(socket, endpoint, $"{contract} producer");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _loop = new SocketLoop(socket, onReceiveReady: null, (_, error) => Log.ItemUndeliverable(_options.Logger, error, contract), _options.SendHighWatermark);
        _loop.Start($"ZmqContracts {contract} producer");
    }

    /// <summary>The address bound (the port chosen for <c>*</c>).</summary>
    public string Endpoint { get; }

    /// <summary>
    /// Queues <paramref name="item"/> for the workers of <paramref name="operation"/>, waiting while there is no room.
    /// Completes once the item is queued, not once it is processed.
    /// </summary>
    /// <exception cref="ZmqPayloadException">The serializer cannot write the item.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting; the item was not sent.</exception>
    /// <exception cref="ObjectDisposedException">The producer was disposed; the item was not sent.</exception>
    public ValueTask SendAsync<TItem>(string operation, TItem item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var payload = PayloadFrames.Serialize(_serializer, item, new("item of {0}.{1}", _contract, operation));
        return _loop.SendAsync(PipelineMessages.Item(_framing, Encoding.UTF8.GetBytes(operation), payload), cancellationToken);
    }

    /// <summary>
    /// Offers the socket the items still waiting for room (those it will not take are logged as undeliverable), then
    /// closes it; ZeroMQ goes on delivering what it took for <see cref="ZmqProducerOptions.Linger"/>.
    /// </summary>
    public void Dispose() => _loop.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
