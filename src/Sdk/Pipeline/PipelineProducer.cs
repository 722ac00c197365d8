using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// The socket behind a generated pipeline producer: a PUSH socket, bound. ZeroMQ spreads the
/// items over the connected workers in turn (fair queuing). A send that finds no room — no worker connected yet, or every
/// worker's queue at its high-water mark — waits for room instead of dropping the item. In acknowledged mode
/// (<see cref="ZmqProducerOptions.AcknowledgementEndpoint"/>) every item carries an id and is sent again until the
/// collector acknowledges it. Thread-safe. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelineProducer : IAsyncDisposable, IDisposable
{
    private readonly string _contract;
    private readonly ZmqProducerOptions _options;
    private readonly IZmqSerializer _serializer;
    private readonly PipelineFraming _framing;
    /// <summary>The items the socket could not take before it closed, logged as counts rather than one line each.</summary>
    private readonly RepeatedLog _undeliverable;
    private readonly SocketLoop _loop;
    private readonly ProducerAcknowledgements? _acknowledgements;
    private readonly EndpointLifetime _lifetime;
    private OperationName _lastOperation = new("", []);

    /// <summary>The telemetry destination of each operation, made the first time a listener sees one of its items.</summary>
    private readonly ConcurrentDictionary<string, MessagingDestination> _destinations = new(StringComparer.Ordinal);

    /// <summary>Binds <paramref name="endpoint"/>.</summary>
    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="endpoint">A ZeroMQ endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="contractSerializer">The contract's format, used unless the options choose a serializer.</param>
    /// <param name="framing">Whether items name their operation.</param>
    /// <param name="everyItemHasAResult">
    /// Whether every operation's results reach a collector, so that each item ends in a result the collector can
    /// acknowledge, which acknowledged mode needs: false for a stage of which an operation returns nothing.
    /// </param>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    /// <exception cref="ArgumentException">The options ask for acknowledged mode, but an operation of the stage returns no result.</exception>
    public PipelineProducer(string contract, string endpoint, ZmqProducerOptions? options, IZmqSerializer contractSerializer, PipelineFraming framing, bool everyItemHasAResult)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _contract = contract;
        _options = ZmqSocketOptions.Validated(options);
        _serializer = _options.SerializerFor(contractSerializer);
        _framing = framing;
        if (_options.AcknowledgementEndpoint is not null && !everyItemHasAResult)
        {
            throw new ArgumentException(
                $"Acknowledged mode needs a result for each item, which the collector acknowledges, but the {contract} stage has an operation that returns none, so the collector could never acknowledge its items, and each would be sent again until abandoned. Leave AcknowledgementEndpoint null, or give every operation a result.",
                nameof(options));
        }

        var name = $"{contract}Producer";
        var logger = _options.ContainedLogger();
        _undeliverable = new RepeatedLog((error, count) => Log.ItemsUndeliverable(logger, error, contract, count));
        _loop = new SocketLoop(name, _options.NewSocket(name, static () => new PushSocket(), _options.Linger), onReceiveReady: null, (_, error) => _undeliverable.Add(error), _options.SendHighWatermark);
        try
        {
            Endpoint = _loop.Bind(endpoint).Endpoint;
            if (_options.AcknowledgementEndpoint is not null)
            {
                _acknowledgements = new ProducerAcknowledgements(contract, name, _options, framing, _loop);
            }
        }
        catch
        {
            _loop.Dispose();
            throw;
        }

        _lifetime = new EndpointLifetime(name, () => _loop.Start(), CloseAsync);
        _lifetime.Start();
    }

    /// <summary>The address bound (the port chosen for <c>*</c>).</summary>
    public string Endpoint { get; }

    /// <summary>In acknowledged mode, how many items wait for their acknowledgement (at most <see cref="ZmqProducerOptions.MaxPendingItems"/>); otherwise 0.</summary>
    public int PendingItems => _acknowledgements?.PendingItems ?? 0;

    /// <summary>In acknowledged mode, how many times an item was sent again because its acknowledgement did not come in time.</summary>
    public long ItemsRedelivered => _acknowledgements?.ItemsRedelivered ?? 0;

    /// <summary>In acknowledged mode, how many items were given up on after <see cref="ZmqProducerOptions.MaxRedeliveries"/> redeliveries.</summary>
    public long ItemsAbandoned => _acknowledgements?.ItemsAbandoned ?? 0;

    /// <summary>
    /// Queues <paramref name="item"/> for the workers of <paramref name="operation"/>, waiting while there is no room (in
    /// acknowledged mode, also while <see cref="ZmqProducerOptions.MaxPendingItems"/> wait for their acknowledgement).
    /// Completes once the item is queued, not once it is processed. Every failure comes through the task returned, none
    /// is thrown at the call: one found before the item is queued (a token already cancelled, a producer disposed, an
    /// item that cannot be written or is too large) fails it at once, as an async method's would.
    /// </summary>
    /// <exception cref="ZmqPayloadException">The serializer cannot write the item.</exception>
    /// <exception cref="ZmqMessageTooLargeException">The item is larger than <see cref="ZmqSocketOptions.MaxMessageSize"/>; it was not sent.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled, before the call or while waiting; the exception carries it, and the item was not sent.</exception>
    /// <exception cref="ObjectDisposedException">The producer was disposed; the item was not sent.</exception>
    public ValueTask SendAsync<TItem>(string operation, TItem item, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            _lifetime.ThrowIfDisposed();
            var payload = PayloadFrames.Serialize(_serializer, item, new("item of {0}.{1}", _contract, operation));
            MessageSizeLimit.ThrowIfOver(payload, _options.MaxMessageSize, new("the item of {0}.{1}", _contract, operation));
            var name = NameOf(operation);
            return MessagingDestination.Observed
                ? SendObservedAsync(operation, name, payload, cancellationToken)
                : Send(name, payload, span: null, cancellationToken);
        }
        catch (Exception exception)
        {
            return FailedTask.Of(exception);
        }
    }

    /// <summary>
    /// In acknowledged mode, first waits up to <see cref="ZmqProducerOptions.Linger"/> for the pending items to be
    /// acknowledged, sending them again as usual (those still pending then are logged), and takes no new items meanwhile.
    /// Then offers the socket the items still waiting for room (those it will not take are logged as undeliverable) and
    /// closes it; ZeroMQ goes on delivering what it took for <see cref="ZmqProducerOptions.Linger"/>. Returns within the
    /// linger (in acknowledged mode) plus one second, once the endpoint is free for another bind. Calling it again returns
    /// the same task.
    /// </summary>
    public void Dispose() => _lifetime.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    /// <summary>Does nothing more: the constructor bound the producer. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The producer was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the producer is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The producer was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>Queues an item, its trace frame last when <paramref name="span"/> is traced and the options allow it.</summary>
    private ValueTask Send(byte[] name, byte[] payload, Activity? span, CancellationToken cancellationToken)
    {
        if (_acknowledgements is not null)
        {
            return _acknowledgements.SendAsync(name, payload, span, cancellationToken);
        }

        if (_framing == PipelineFraming.Payload && span is null)
        {
            // An item of one frame goes to the socket as its bytes, with no message made for it.
            return _loop.SendAsync(payload, next: null, cancellationToken);
        }

        var message = PipelineMessages.Item(_framing, name, payload);
        TraceContextFrame.AppendTo(message, span, _options.TraceContextFrame);
        return _loop.SendAsync(message, cancellationToken);
    }

    /// <summary>Queues an item in a Producer span (<c>send {Contract}/{Operation}</c>), counted and timed, the wait for room included.</summary>
    private async ValueTask SendObservedAsync(string operation, byte[] name, byte[] payload, CancellationToken cancellationToken)
    {
        var destination = _destinations.GetOrAdd(operation, static (operation, contract) => StageDestination.Items(contract, operation), _contract);
        var started = MessagingDestination.Timestamp();
        var span = destination.StartSend();
        try
        {
            await Send(name, payload, span, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            destination.EndSend(span, started, exception);
            throw;
        }

        destination.EndSend(span, started, error: null);
    }

    /// <summary>The operation's name in UTF-8, encoded once for a run of items of the same operation; the frames share it, and nothing writes to it.</summary>
    private byte[] NameOf(string operation)
    {
        var last = Volatile.Read(ref _lastOperation);
        if (string.Equals(last.Operation, operation, StringComparison.Ordinal))
        {
            return last.Utf8;
        }

        last = new OperationName(operation, Encoding.UTF8.GetBytes(operation));
        Volatile.Write(ref _lastOperation, last);
        return last.Utf8;
    }

    private async Task CloseAsync()
    {
        if (_acknowledgements is not null)
        {
            await _acknowledgements.StopAsync(_options.Linger).ConfigureAwait(false);
            _acknowledgements.Dispose();
        }

        await _loop.CloseAsync().ConfigureAwait(false);
        _undeliverable.Close();
    }

    private sealed record OperationName(string Operation, byte[] Utf8);
}
