using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
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
/// The socket behind a generated pipeline collector: a PULL socket, bound, that takes every
/// result and failure the workers send. Results wait, one queue per operation, until they are read; when
/// <see cref="ZmqCollectorOptions.MaxQueuedResults"/> wait, the collector stops taking more and the workers' sends wait.
/// A result or failure that carries an id is delivered once and dropped when it arrives again. When the options give an
/// acknowledgement endpoint, a result is acknowledged once a reader has taken it (so that one still queued when the
/// process ends is sent again) and a failure as soon as it arrives (reading failures is optional). Thread-safe. Used by
/// generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelineCollector : IAsyncDisposable, IDisposable
{
    private readonly string _contract;
    private readonly ZmqCollectorOptions _options;
    private readonly IZmqSerializer _serializer;
    private readonly ILogger _logger;
    private readonly PipelineFraming _framing;
    private readonly (byte[] Name, string Operation, bool ResultNullable, Channel<QueuedResult> Results)[] _operations;
    private readonly Channel<ZmqPipelineFailure> _failures;

    /// <summary>The failures, counted per code and operation: the first of each logged with its error (event 206), the next ones as counts (event 217).</summary>
    private readonly RepeatedWarnings _failuresLogged;

    /// <summary>The failures dropped unread, counted per code and operation: the first of each logged with its error (event 207), the next ones as counts (event 218).</summary>
    private readonly RepeatedWarnings _failuresDropped;
    private readonly SocketLoop _loop;
    private readonly ReceiveThrottle _throttle;
    private readonly DeliveredItems _delivered = new();
    private readonly AcknowledgementPublisher? _acknowledgements;
    private readonly Func<ReceivedMessage, bool> _queueResult;

    /// <summary>The items whose result waits to be read, by producer and sequence number (a copy carries a newer floor).</summary>
    private readonly HashSet<(Guid Producer, long Sequence)> _unread = new();
    private readonly ConcurrentQueue<ItemId> _read = new();
    private readonly Action<NetMQSocket> _acknowledgeRead;
    private readonly object _acknowledgementsGate = new();
    private bool _acknowledgementsClosed;
    private int _readAcknowledgementScheduled;
    private readonly EndpointLifetime _lifetime;

    /// <summary>The telemetry destination of each operation's results, <c>{Contract}/{Operation} result</c>, made once.</summary>
    private readonly Dictionary<string, MessagingDestination> _destinations;
    private long _failureCount;

    /// <summary>
    /// Failures dropped unread that no <see cref="ReadOutcomesAsync{TResult}"/> has counted yet, per code (indexed by the
    /// <see cref="ZmqErrorCode"/>'s value): what a dropped failure's stand-in keeps of it, in memory that does not grow.
    /// </summary>
    private readonly long[] _uncountedDroppedFailures = new long[Enum.GetValues<ZmqErrorCode>().Length];

    /// <summary>Binds <paramref name="endpoint"/> and starts taking results.</summary>
    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="endpoint">A ZeroMQ endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="contractSerializer">The contract's format, used unless the options choose a serializer.</param>
    /// <param name="framing">Whether results name their operation.</param>
    /// <param name="resultOperations">The operations that produce results, each read with <see cref="ReadAllAsync{TResult}"/>.</param>
    /// <param name="nonNullableResults">
    /// The operations of <paramref name="resultOperations"/> whose result is of a reference type that the contract declares
    /// not nullable: a result of theirs that reads as null (MessagePack nil, JSON <c>null</c>) is reported as a
    /// <see cref="ZmqErrorCode.BadRequest"/> failure instead of delivered. <see langword="null"/> for none.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="nonNullableResults"/> names an operation that <paramref name="resultOperations"/> does not.</exception>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    public PipelineCollector(string contract, string endpoint, ZmqCollectorOptions? options, IZmqSerializer contractSerializer, PipelineFraming framing, string[] resultOperations, string[]? nonNullableResults = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(resultOperations);
        if (nonNullableResults?.FirstOrDefault(operation => !resultOperations.Contains(operation)) is { } unknown)
        {
            throw new ArgumentException($"{contract} has no operation {unknown} that produces results, so none can be declared not nullable.", nameof(nonNullableResults));
        }

        _contract = contract;
        _options = ZmqSocketOptions.Validated(options);
        _serializer = _options.SerializerFor(contractSerializer);
        _logger = _options.ContainedLogger();
        _framing = framing;
        _operations = resultOperations
            .Select(operation => (
                Encoding.UTF8.GetBytes(operation),
                operation,
                nonNullableResults?.Contains(operation) != true,
                Channel.CreateUnbounded<QueuedResult>(new UnboundedChannelOptions { SingleWriter = true })))
            .ToArray();
        _destinations = resultOperations.Distinct().ToDictionary(operation => operation, operation => StageDestination.Results(contract, operation), StringComparer.Ordinal);
        _failuresLogged = new RepeatedWarnings(RepeatedWarnings.DefaultInterval, (failures, count) => Log.FailuresCollected(_logger, contract, count, failures, RepeatedWarnings.DefaultInterval));
        _failuresDropped = new RepeatedWarnings(
            RepeatedWarnings.DefaultInterval,
            (failures, count) => Log.FailuresDropped(_logger, contract, count, failures, _options.MaxQueuedFailures, RepeatedWarnings.DefaultInterval));
        _failures = Channel.CreateBounded<ZmqPipelineFailure>(
            new BoundedChannelOptions(_options.MaxQueuedFailures) { SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            dropped =>
            {
                Interlocked.Increment(ref _uncountedDroppedFailures[(int)dropped.Error.Code]);
                if (_failuresDropped.IsFirst(PipelineMessages.KindOf(dropped)))
                {
                    Log.FailureDropped(_logger, contract, _options.MaxQueuedFailures, dropped);
                }
            });

        var name = $"{contract}Collector";
        _queueResult = TryQueueResult;
        _acknowledgeRead = _ => AcknowledgeRead();
        _loop = new SocketLoop(name, _options.NewSocket(name, static () => new PullSocket(), ReceiverLinger.Value), ReadResults, static (_, _) => { }, logger: _logger);
        _throttle = new ReceiveThrottle(_loop, _options.MaxQueuedResults);
        try
        {
            if (_options.Connect)
            {
                _loop.Connect(endpoint);
                Endpoint = endpoint;
            }
            else
            {
                Endpoint = _loop.Bind(endpoint).Endpoint;
            }

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

    /// <summary>The address bound (the port chosen for <c>*</c>), or, with <see cref="ZmqCollectorOptions.Connect"/>, the one connected to.</summary>
    public string Endpoint { get; }

    /// <summary>The address bound for acknowledgements (the port chosen for <c>*</c>); <see langword="null"/> when the options give none.</summary>
    public string? AcknowledgementEndpoint => _acknowledgements?.Endpoint;

    /// <summary>How many failures have arrived, whether or not they were read.</summary>
    public long FailureCount => Interlocked.Read(ref _failureCount);

    /// <summary>
    /// The results of <paramref name="operation"/>, as they arrive, until the collector is disposed (then those that had
    /// arrived). Several readers share the results: each goes to one of them. A result that cannot be read as
    /// <typeparamref name="TResult"/>, or that reads as null where the operation's result may not be, is reported as a
    /// failure instead.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="operation"/> produces no results.</exception>
    /// <exception cref="ObjectDisposedException">The reading began (its first result was asked for) after the collector was disposed.</exception>
    public async IAsyncEnumerable<TResult> ReadAllAsync<TResult>(string operation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (results, nullable) = ResultsOf(operation);
        await foreach (var queued in ChannelReading.ReadAllAsync(results, _lifetime, cancellationToken).ConfigureAwait(false))
        {
            if (TryTakeResult<TResult>(operation, nullable, queued, out var result))
            {
                yield return result;
            }
        }
    }

    /// <summary>The failures, as they arrive, until the collector is disposed (then those that had arrived).</summary>
    /// <exception cref="ObjectDisposedException">The reading began (its first failure was asked for) after the collector was disposed.</exception>
    public IAsyncEnumerable<ZmqPipelineFailure> ReadFailuresAsync(CancellationToken cancellationToken) => ChannelReading.ReadAllAsync(_failures.Reader, _lifetime, cancellationToken);

    /// <summary>
    /// The next <paramref name="count"/> outcomes, as they arrive: each a result of <paramref name="operation"/> or a
    /// failure (of any operation), read from both queues; the enumeration ends after the last. For a batch of known size:
    /// send <paramref name="count"/> items, then read <paramref name="count"/> outcomes. A result that cannot be read as
    /// <typeparamref name="TResult"/>, or that reads as null where the operation's result may not be, comes as a failure. A failure dropped unread, when more than
    /// <see cref="ZmqCollectorOptions.MaxQueuedFailures"/> waited, still counts: it comes as a failure with the dropped
    /// one's code and a message that says it was dropped, and no operation or item. Read batches with this alone: a
    /// failure that <see cref="ReadFailuresAsync"/> takes is not an outcome here, and a failure dropped unread is one of
    /// the next outcomes read, whichever batch its item was in.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="operation"/> produces no results.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">
    /// The reading began (its first outcome was asked for) after the collector was disposed; or the collector was disposed,
    /// and what had arrived was read, before <paramref name="count"/> outcomes.
    /// </exception>
    public async IAsyncEnumerable<ZmqPipelineOutcome<TResult>> ReadOutcomesAsync<TResult>(string operation, int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var (results, nullable) = ResultsOf(operation);
        _lifetime.ThrowIfDisposed();
        var failures = _failures.Reader;
        using var either = new EitherChannelWait<QueuedResult, ZmqPipelineFailure>(results, failures, cancellationToken);
        var read = 0;
        while (read < count)
        {
            // Before each outcome, not only while none waits: a stream that never runs dry must stop too.
            cancellationToken.ThrowIfCancellationRequested();
            if (results.TryRead(out var queued))
            {
                if (TryTakeResult<TResult>(operation, nullable, queued, out var result))
                {
                    read++;
                    yield return new ZmqPipelineOutcome<TResult>(result);
                }
            }
            else if (failures.TryRead(out var failure))
            {
                read++;
                yield return new ZmqPipelineOutcome<TResult>(failure);
            }
            else if (TryCountDroppedFailure() is { } code)
            {
                read++;
                yield return new ZmqPipelineOutcome<TResult>(DroppedFailure(code));
            }
            else if (!await either.WaitAsync().ConfigureAwait(false))
            {
                throw new ObjectDisposedException($"{_contract}Collector", $"The {_contract} collector was disposed after {read} of the {count} outcomes read.");
            }
        }
    }

    /// <summary>Does nothing more: the constructor bound the collector. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The collector was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the collector is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The collector was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Stops taking results and closes the socket; the readers already reading get what had arrived, then end, and a
    /// reading begun afterwards throws <see cref="ObjectDisposedException"/>. Returns once the endpoints are free for
    /// another bind; calling it again does nothing.
    /// </summary>
    public void Dispose() => _lifetime.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private async Task Close()
    {
        _throttle.Stop();
        _loop.Dispose();
        lock (_acknowledgementsGate)
        {
            AcknowledgeRead();
            _acknowledgementsClosed = true;
            _acknowledgements?.Dispose();
        }

        foreach (var (_, _, _, results) in _operations)
        {
            results.Writer.TryComplete();
        }

        _failures.Writer.TryComplete();
        _failuresLogged.Close();
        _failuresDropped.Close();
    }

    /// <summary>The queue of <paramref name="operation"/>'s results, and whether a result of it may read as null.</summary>
    /// <exception cref="ArgumentException"><paramref name="operation"/> produces no results.</exception>
    private (ChannelReader<QueuedResult> Results, bool Nullable) ResultsOf(string operation)
    {
        var index = Array.FindIndex(_operations, entry => entry.Operation == operation);
        return index >= 0
            ? (_operations[index].Results.Reader, _operations[index].ResultNullable)
            : throw new ArgumentException($"{_contract} has no operation {operation} that produces results.", nameof(operation));
    }

    /// <summary>Counts one failure dropped unread for the reading that calls it, and returns its code: null when none is left to count.</summary>
    private ZmqErrorCode? TryCountDroppedFailure()
    {
        for (var code = 0; code < _uncountedDroppedFailures.Length; code++)
        {
            var uncounted = Interlocked.Read(ref _uncountedDroppedFailures[code]);
            while (uncounted > 0)
            {
                var seen = Interlocked.CompareExchange(ref _uncountedDroppedFailures[code], uncounted - 1, uncounted);
                if (seen == uncounted)
                {
                    return (ZmqErrorCode)code;
                }

                uncounted = seen;
            }
        }

        return null;
    }

    /// <summary>
    /// What <see cref="ReadOutcomesAsync{TResult}"/> reads in place of a failure dropped unread: its <paramref name="code"/>,
    /// so that what the code says of whether the item ran still holds, and no operation or item.
    /// </summary>
    private ZmqPipelineFailure DroppedFailure(ZmqErrorCode code) => new(
        "",
        new ZmqRemoteException(
            code,
            null,
            $"a failure ({ErrorReply.CodeName(code)}) was dropped unread, because {_options.MaxQueuedFailures} failures already waited to be read (ZmqCollectorOptions.MaxQueuedFailures); the {_contract} collector logged it (event 207, or counted it in event 218)"),
        ReadOnlyMemory<byte>.Empty,
        _serializer);

    /// <summary>Under the socket's lock: takes what the socket has, room permitting, then acknowledges it in one go.</summary>
    private bool ReadResults(NetMQSocket socket)
    {
        var unread = _throttle.Receive(socket, _queueResult);
        _acknowledgements?.Flush();
        return unread;
    }

    /// <summary>
    /// Queues a result for its readers; false when the message is a failure, a duplicate, or cannot be delivered, which is
    /// reported. A result's id is acknowledged once it is read; the id of anything else now.
    /// </summary>
    private bool TryQueueResult(ReceivedMessage received)
    {
        // A result of one frame is its payload, and one of two its payload and id, with no trace frame (a failure has four
        // frames): no message is made to read it.
        var plain = received.Whole is null && _framing == PipelineFraming.Payload && _operations.Length == 1;
        NetMQMessage? message = null;
        ItemId? id = null;
        if (plain && received.Second is { } second && ItemId.TryRead(second, out var plainId))
        {
            id = plainId;
        }
        else if (!plain || received.Second is not null)
        {
            message = received.ToMessage();
            id = PipelineMessages.TryReadId(message, _framing, out var itemId) ? itemId : null;
        }

        if (id is { IsPossible: false } impossible)
        {
            Report(ZmqErrorCode.BadRequest, "", $"a result or failure came with an id that no producer sends (producer {impossible.Producer}, sequence {impossible.Sequence}, floor {impossible.Floor}: a floor is at least 0, at most the sequence and less than {ZmqProducerOptions.MaxPendingItemsLimit} below it); it was not delivered, and what the collector remembers of that producer is unchanged", ReadOnlyMemory<byte>.Empty);
            return false;
        }

        if (id is { } delivered && !_delivered.TryDeliver(delivered))
        {
            Log.DuplicateDropped(_logger, _contract, delivered.Producer, delivered.Sequence);

            // Its first copy is acknowledged when read; once read, a copy means the acknowledgement was lost.
            if (!_unread.Contains((delivered.Producer, delivered.Sequence)))
            {
                _acknowledgements?.Acknowledge(delivered);
            }

            return false;
        }

        if (!(message is null ? _operations[0].Results.Writer.TryWrite(new QueuedResult(received.First, id, null)) : TryQueueResult(message, id)))
        {
            if (id is { } done)
            {
                _acknowledgements?.Acknowledge(done);
            }

            return false;
        }

        if (id is { } queued && _acknowledgements is not null)
        {
            _unread.Add((queued.Producer, queued.Sequence));
        }

        return true;
    }

    private bool TryQueueResult(NetMQMessage message, ItemId? id)
    {
        if (PipelineMessages.IsFailure(message))
        {
            var failure = PipelineMessages.ReadFailure(message, _serializer, _contract, Endpoint);
            ObserveArrival(failure, message);
            Report(failure);
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

        return results.Writer.TryWrite(new QueuedResult(payload, id, TraceFrameOf(message)));
    }

    /// <summary>
    /// A failure's Consumer span (<c>receive {Contract}/{Operation} result</c>), in error, a child of the worker's send: as
    /// it arrives, since failures may be read much later or never. Only for an operation with results, whose destination
    /// there is; on the socket's thread, whose ambient span it leaves as it was.
    /// </summary>
    private void ObserveArrival(ZmqPipelineFailure failure, NetMQMessage message)
    {
        if (MessagingDestination.Observed && _destinations.TryGetValue(failure.Operation, out var destination))
        {
            var span = destination.StartConsumer(SemanticConventions.ReceiveOperation, TraceContextFrame.Read(message, PipelineMessages.FailureTrailerIndex), default, out var ambient);
            destination.EndReceive(span, ambient, failure.Error.Code.ToString(), failure.Error.Message);
        }
    }

    /// <summary>The result's trace frame, kept for the span of its delivery to a reader while a listener wants spans.</summary>
    private NetMQFrame? TraceFrameOf(NetMQMessage message) =>
        Instrumentation.Source.HasListeners() && TraceContextFrame.IndexOf(message, PipelineMessages.TrailerIndex(_framing)) is >= 0 and var index
            ? message[index]
            : null;

    private Channel<QueuedResult>? FindResults(ReadOnlySpan<byte> name)
    {
        foreach (var (utf8, _, _, results) in _operations)
        {
            if (name.SequenceEqual(utf8))
            {
                return results;
            }
        }

        return null;
    }

    /// <summary>
    /// Takes a result a reader has read from its queue: frees its place, has it acknowledged, and reads it, in a Consumer
    /// span (<c>receive {Contract}/{Operation} result</c>) that is a child of the worker's send; false when it cannot be
    /// read as <typeparamref name="TResult"/>, or reads as null and <paramref name="nullable"/> is false, which is
    /// reported as a failure.
    /// </summary>
    private bool TryTakeResult<TResult>(string operation, bool nullable, QueuedResult queued, out TResult result)
    {
        _throttle.Release();
        if (queued.Id is { } id && _acknowledgements is not null)
        {
            _read.Enqueue(id);

            // Put off to the thread pool, so that the results read meanwhile go in the same message: acknowledging each
            // one as it is read would cost an acknowledgement message per item, at both ends.
            if (Interlocked.Exchange(ref _readAcknowledgementScheduled, 1) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static collector => collector._loop.RunOnLoop(collector._acknowledgeRead), this, preferLocal: false);
            }
        }

        var destination = MessagingDestination.Observed ? _destinations[operation] : null;
        Activity? ambient = null;
        var span = destination?.StartConsumer(SemanticConventions.ReceiveOperation, queued.Trace is { } trace ? TraceContextFrame.Read(trace.Span()) : default, default, out ambient);
        try
        {
            result = PayloadFrames.Deserialize<TResult>(_serializer, queued.Payload.Memory(), new("result of {0}.{1}", _contract, operation), nullable);
            destination?.EndReceive(span, ambient, error: null, description: null);
            return true;
        }
        catch (ZmqPayloadException exception)
        {
            destination?.EndReceive(span, ambient, Instrumentation.ErrorTypeOf(exception), exception.Message);
            Report(ZmqErrorCode.BadRequest, operation, exception.Message, ReadOnlyMemory<byte>.Empty);
            result = default!;
            return false;
        }
    }

    /// <summary>
    /// Acknowledges the results read since the last time, under the socket's lock, until the collector is disposed (results read after that are not acknowledged, and are sent again).
    /// </summary>
    private void AcknowledgeRead()
    {
        lock (_acknowledgementsGate)
        {
            // With a full fence, before the queue is looked at: a plain write could still be on its way then, and an id
            // queued meanwhile would find the flag set and wait for a pass that is not coming.
            Interlocked.Exchange(ref _readAcknowledgementScheduled, 0);
            if (_acknowledgementsClosed || _acknowledgements is not { } acknowledgements)
            {
                return;
            }

            while (_read.TryDequeue(out var id))
            {
                _unread.Remove((id.Producer, id.Sequence));
                acknowledgements.Acknowledge(id);
            }

            acknowledgements.Flush();
        }
    }

    private void Report(ZmqErrorCode code, string operation, string reason, ReadOnlyMemory<byte> item) =>
        Report(new ZmqPipelineFailure(operation, new ZmqRemoteException(code, null, reason), item, _serializer));

    private void Report(ZmqPipelineFailure failure)
    {
        Interlocked.Increment(ref _failureCount);
        if (_failuresLogged.IsFirst(PipelineMessages.KindOf(failure)))
        {
            Log.FailureCollected(_logger, _contract, failure);
        }

        _failures.Writer.TryWrite(failure);
    }

    /// <summary>A result waiting for a reader, its id when it carries one, and its trace frame when a listener wants spans.</summary>
    private readonly record struct QueuedResult(NetMQFrame Payload, ItemId? Id, NetMQFrame? Trace);
}
