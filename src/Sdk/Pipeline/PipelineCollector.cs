using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// The socket behind a generated pipeline collector: a PULL socket, bound, on its own poller thread, that takes every
/// result and failure the workers send. Results wait, one queue per operation, until they are read; when
/// <see cref="ZmqCollectorOptions.MaxQueuedResults"/> wait, the collector stops taking more and the workers' sends wait.
/// A result or failure that carries an id is delivered once, acknowledged (when the options give an acknowledgement
/// endpoint) as soon as it arrives, and dropped when it arrives again. Thread-safe. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelineCollector : IAsyncDisposable, IDisposable
{
    private readonly string _contract;
    private readonly ZmqCollectorOptions _options;
    private readonly IZmqSerializer _serializer;
    private readonly ILogger _logger;
    private readonly PipelineFraming _framing;
    private readonly (byte[] Name, string Operation, Channel<NetMQFrame> Results)[] _operations;
    private readonly Channel<ZmqPipelineFailure> _failures;
    private readonly SocketLoop _loop;
    private readonly ReceiveThrottle _throttle;
    private readonly DeliveredItems _delivered = new();
    private readonly AcknowledgementPublisher? _acknowledgements;
    private readonly Func<NetMQMessage, bool> _queueResult;
    private readonly EndpointLifetime _lifetime;
    private long _failureCount;

    /// <summary>Binds <paramref name="endpoint"/> and starts taking results.</summary>
    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="endpoint">A ZeroMQ endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="contractSerializer">The contract's format, used unless the options choose a serializer.</param>
    /// <param name="framing">Whether results name their operation.</param>
    /// <param name="resultOperations">The operations that produce results, each read with <see cref="ReadAllAsync{TResult}"/>.</param>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    public PipelineCollector(string contract, string endpoint, ZmqCollectorOptions? options, IZmqSerializer contractSerializer, PipelineFraming framing, string[] resultOperations)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(resultOperations);
        _contract = contract;
        _options = options ?? new ZmqCollectorOptions();
        _serializer = _options.SerializerFor(contractSerializer);
        _options.Validate();
        _logger = _options.Logger;
        _framing = framing;
        _operations = resultOperations
            .Select(operation => (Encoding.UTF8.GetBytes(operation), operation, Channel.CreateUnbounded<NetMQFrame>(new UnboundedChannelOptions { SingleWriter = true })))
            .ToArray();
        _failures = Channel.CreateBounded<ZmqPipelineFailure>(
            new BoundedChannelOptions(_options.MaxQueuedFailures) { SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            dropped => Log.FailureDropped(_logger, contract, _options.MaxQueuedFailures, dropped));

        var name = $"{contract}Collector";
        _queueResult = TryQueueResult;
        _loop = new SocketLoop(name, _options.Configure(new PullSocket(), linger: TimeSpan.Zero), ReadResults, static (_, _) => { });
        _throttle = new ReceiveThrottle(_loop, _options.MaxQueuedResults);
        try
        {
            Endpoint = _loop.Bind(endpoint);
            if (_options.AcknowledgementEndpoint is { } acknowledgementEndpoint)
            {
                _acknowledgements = new AcknowledgementPublisher(name, acknowledgementEndpoint, _options);
            }
        }
        catch
        {
            _loop.Dispose();
            throw;
        }

        _lifetime = new EndpointLifetime(name, () => _loop.Start(), Close);
        _lifetime.Start();
    }

    /// <summary>The address bound (the port chosen for <c>*</c>).</summary>
    public string Endpoint { get; }

    /// <summary>The address bound for acknowledgements (the port chosen for <c>*</c>); <see langword="null"/> when the options give none.</summary>
    public string? AcknowledgementEndpoint => _acknowledgements?.Endpoint;

    /// <summary>How many failures have arrived, whether or not they were read.</summary>
    public long FailureCount => Interlocked.Read(ref _failureCount);

    /// <summary>
    /// The results of <paramref name="operation"/>, as they arrive, until the collector is disposed. Several readers
    /// share the results: each goes to one of them. A result that cannot be read as <typeparamref name="TResult"/> is
    /// reported as a failure instead.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="operation"/> produces no results.</exception>
    public async IAsyncEnumerable<TResult> ReadAllAsync<TResult>(string operation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = Array.Find(_operations, entry => entry.Operation == operation).Results?.Reader
            ?? throw new ArgumentException($"{_contract} has no operation {operation} that produces results.", nameof(operation));
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var payload))
            {
                _throttle.Release();
                if (TryReadResult<TResult>(operation, payload, out var result))
                {
                    yield return result;
                }
            }
        }
    }

    /// <summary>The failures, as they arrive, until the collector is disposed.</summary>
    public IAsyncEnumerable<ZmqPipelineFailure> ReadFailuresAsync(CancellationToken cancellationToken) => _failures.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Does nothing more: the constructor bound the collector. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The collector was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the collector is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The collector was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Stops taking results and closes the socket; the readers get what had arrived, then end. Returns once the endpoints
    /// are free for another bind; calling it again does nothing.
    /// </summary>
    public void Dispose() => _lifetime.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private async Task Close()
    {
        await _throttle.StopAsync().ConfigureAwait(false);
        _loop.Dispose();
        _acknowledgements?.Dispose();
        foreach (var (_, _, results) in _operations)
        {
            results.Writer.TryComplete();
        }

        _failures.Writer.TryComplete();
    }

    /// <summary>On the poller thread: takes what the socket has, room permitting, then acknowledges it in one go.</summary>
    private void ReadResults(NetMQSocket socket)
    {
        _throttle.Receive(socket, _queueResult);
        _acknowledgements?.Flush();
    }

    /// <summary>Queues a result for its readers; false when the message is a failure or cannot be delivered, which is reported.</summary>
    private bool TryQueueResult(NetMQMessage message)
    {
        if (PipelineMessages.TryReadId(message, _framing, out var id))
        {
            var isNew = _delivered.TryDeliver(id, out var floor);
            _acknowledgements?.Acknowledge(id, floor);
            if (!isNew)
            {
                Log.DuplicateDropped(_logger, _contract, id.Producer, id.Sequence);
                return false;
            }
        }

        if (PipelineMessages.IsFailure(message))
        {
            Report(PipelineMessages.ReadFailure(message, _serializer));
            return false;
        }

        if (!PipelineMessages.TryRead(message, _framing, out var name, out var payload))
        {
            Report(ZmqErrorCode.BadRequest, "", $"a result of {message.FrameCount} frames has no payload frame", ReadOnlyMemory<byte>.Empty);
            return false;
        }

        var results = _framing == PipelineFraming.Payload && _operations.Length == 1 ? _operations[0].Results : FindResults(name);
        if (results is null)
        {
            Report(ZmqErrorCode.UnknownOperation, FrameExtensions.Printable(name), $"{_contract} has no operation named '{FrameExtensions.Printable(name)}' that produces results", ReadOnlyMemory<byte>.Empty);
            return false;
        }

        return results.Writer.TryWrite(payload);
    }

    private Channel<NetMQFrame>? FindResults(ReadOnlySpan<byte> name)
    {
        foreach (var (utf8, _, results) in _operations)
        {
            if (name.SequenceEqual(utf8))
            {
                return results;
            }
        }

        return null;
    }

    private bool TryReadResult<TResult>(string operation, NetMQFrame payload, out TResult result)
    {
        try
        {
            result = PayloadFrames.Deserialize<TResult>(_serializer, payload.Memory(), new("result of {0}.{1}", _contract, operation));
            return true;
        }
        catch (ZmqPayloadException exception)
        {
            Report(ZmqErrorCode.BadRequest, operation, exception.Message, ReadOnlyMemory<byte>.Empty);
            result = default!;
            return false;
        }
    }

    private void Report(ZmqErrorCode code, string operation, string reason, ReadOnlyMemory<byte> item) =>
        Report(new ZmqPipelineFailure(operation, new ZmqRemoteException(code, null, reason), item, _serializer));

    private void Report(ZmqPipelineFailure failure)
    {
        Interlocked.Increment(ref _failureCount);
        Log.FailureCollected(_logger, _contract, failure);
        _failures.Writer.TryWrite(failure);
    }
}
