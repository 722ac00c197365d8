using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// The host behind a generated pipeline worker: a PULL socket connected to the producer (or a relay) and, unless the
/// stage is terminal, a PUSH socket connected to the collector (or the next relay), each in its own socket loop;
/// either binds instead when the options say so (<see cref="ZmqWorkerOptions.BindInput"/>, <see cref="ZmqWorkerOptions.BindOutput"/>). The
/// worker takes items from its socket while it holds fewer than <see cref="ZmqWorkerOptions.Prefetch"/> waiting to start;
/// <see cref="ZmqWorkerOptions.MaxConcurrency"/> loops run the items it took, one at a time each. A result or failure
/// carries on the frames that followed its item's payload (an acknowledged item's id). An item that fails — the implementation throws,
/// the item cannot be read — is logged, counted and sent on as a failure; a failure from an earlier stage is passed on
/// unchanged. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelineWorker : IAsyncDisposable
{
    private readonly string _contract;
    private readonly ZmqWorkerOptions _options;
    private readonly IZmqSerializer _serializer;
    private readonly ILogger _logger;
    private readonly PipelineFraming _framing;
    private readonly PipelineOperation[] _operations;
    private readonly SocketLoop _input;
    private readonly SocketLoop? _output;

    /// <summary>The results and failures that could not be sent, logged as counts rather than one line each.</summary>
    private readonly RepeatedLog _undeliverable;

    /// <summary>The items refused, counted per refusal: the first of each logged with its reason (event 202), the next ones as counts (event 215).</summary>
    private readonly RepeatedWarnings _refusals;

    /// <summary>
    /// At a terminal stage, the failures from an earlier stage, counted per code and operation: the first of each logged
    /// with its error (event 205), the next ones as counts (event 216).
    /// </summary>
    private readonly RepeatedWarnings _failuresStopped;
    private readonly ReceiveThrottle _throttle;
    private readonly Channel<ReceivedMessage> _taken = Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Func<ReceivedMessage, bool> _take;
    private readonly int _lastReadingLimit;
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Completed by <see cref="AbandonHandlers"/>: the close then waits for results to go out no longer.</summary>
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EndpointLifetime _lifetime;

    /// <summary>
    /// The item each of the <see cref="ZmqWorkerOptions.MaxConcurrency"/> loops runs a handler for, if any: what a
    /// close that gives up on handlers still running reports (<see cref="GiveUpOnTheRunning"/>). One place more, the
    /// last, is the close's own, for the items no loop got to: never taken, since they meet a cancelled token before any
    /// handler, but it spares the handling a case of its own.
    /// </summary>
    private readonly IncomingItem?[] _runningByLoop;

    /// <summary>Why an item whose handler the worker's shutdown came before is reported unavailable: it did not run.</summary>
    private const string NotStarted = "the worker shut down before the item's handler started";

    /// <summary>Why an item whose handler the worker's shutdown cut short is reported interrupted: it may have run.</summary>
    private const string CutShort = "the worker shut down while the item's handler ran: the item may have been processed, in part or in full";

    /// <summary>The telemetry destinations of each operation's items and results, made once.</summary>
    private readonly Dictionary<PipelineOperation, (MessagingDestination Items, MessagingDestination Results)> _destinations;
    private long _itemsTaken;
    private long _processed;
    private long _failed;

    /// <summary>The input's detach, once it is connected or bound: what keeps the producer from sending more on shutdown.</summary>
    private Action<NetMQSocket>? _detachInput;

    /// <summary>Creates the worker; <see cref="Start"/> connects (or binds) it.</summary>
    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="inputEndpoint">Where the items come from: a producer's or a relay's endpoint.</param>
    /// <param name="outputEndpoint">Where results and failures go: a collector's or a relay's endpoint; <see langword="null"/> for a terminal stage.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="contractSerializer">The contract's format, used unless the options choose a serializer.</param>
    /// <param name="framing">Whether items and results name their operation.</param>
    /// <param name="operations">The stage's operations.</param>
    /// <exception cref="ArgumentNullException"><paramref name="outputEndpoint"/> is <see langword="null"/> but an operation produces a result.</exception>
    public PipelineWorker(string contract, string inputEndpoint, string? outputEndpoint, ZmqWorkerOptions? options, IZmqSerializer contractSerializer, PipelineFraming framing, PipelineOperation[] operations)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputEndpoint);
        ArgumentNullException.ThrowIfNull(operations);
        if (outputEndpoint is null && operations.Any(operation => operation.ProducesResult))
        {
            throw new ArgumentNullException(nameof(outputEndpoint), $"The {contract} stage produces results: give its worker an output endpoint (a collector's, or a relay's to the next stage).");
        }

        _contract = contract;
        _options = ZmqSocketOptions.Validated(options);
        _serializer = _options.SerializerFor(contractSerializer);
        _logger = _options.ContainedLogger();
        _undeliverable = new RepeatedLog((error, count) => Log.ResultsUndeliverable(_logger, error, contract, OutputEndpoint ?? "", count));
        _refusals = new RepeatedWarnings(RepeatedWarnings.DefaultInterval, (refusal, count) => Log.RefusedItems(_logger, contract, count, refusal, RepeatedWarnings.DefaultInterval));
        _failuresStopped = new RepeatedWarnings(RepeatedWarnings.DefaultInterval, (failures, count) => Log.FailuresStopHere(_logger, contract, count, failures, RepeatedWarnings.DefaultInterval));
        _framing = framing;
        _operations = operations;
        _destinations = operations.ToDictionary(operation => operation, operation => (StageDestination.Items(contract, operation.Name), StageDestination.Results(contract, operation.Name)));
        InputEndpoint = inputEndpoint;
        OutputEndpoint = outputEndpoint;

        var owner = $"{contract}Worker";
        var inputSocket = _options.NewSocket(owner, static () => new PullSocket(), linger: TimeSpan.Zero);
        var highWatermark = Math.Max(_options.ReceiveHighWatermark, _options.Prefetch);
        inputSocket.Options.ReceiveHighWatermark = highWatermark;

        // The socket holds at most its high-water mark (0: no limit), and NetMQ's I/O thread may refill it while it is
        // read: twice that bounds the last reading without cutting it short.
        _lastReadingLimit = highWatermark > 0 ? 2 * highWatermark : int.MaxValue;
        _take = TakeItem;
        _input = new SocketLoop(owner, inputSocket, socket => _throttle!.Receive(socket, _take), static (_, _) => { }, logger: _logger);
        _throttle = new ReceiveThrottle(_input, _options.MaxConcurrency + _options.Prefetch);
        _runningByLoop = new IncomingItem?[_options.MaxConcurrency + 1];
        if (outputEndpoint is not null)
        {
            _output = _input.DisposeIfFails(() => new SocketLoop(owner, _options.NewSocket(owner, static () => new PushSocket(), _options.Linger), onReceiveReady: null, (_, error) => _undeliverable.Add(error), _options.SendHighWatermark));
        }

        _lifetime = new EndpointLifetime(owner, Connect, StopAsync);
    }

    /// <summary>Where the items come from: as given until <see cref="Start"/>, then, when the options bind it, the address actually bound.</summary>
    public string InputEndpoint { get; private set; }

    /// <summary>Where results and failures go (<see langword="null"/> for a terminal stage): as given until <see cref="Start"/>, then, when the options bind it, the address actually bound.</summary>
    public string? OutputEndpoint { get; private set; }

    /// <summary>How many items the worker has taken from its socket.</summary>
    internal long ItemsTaken => Interlocked.Read(ref _itemsTaken);

    /// <summary>How many items the implementation has processed without throwing.</summary>
    public long ItemsProcessed => Interlocked.Read(ref _processed);

    /// <summary>How many items failed here: the implementation threw, the item could not be read, or the worker shut down first.</summary>
    public long ItemsFailed => Interlocked.Read(ref _failed);

    /// <summary>
    /// Connects (or binds, as the options say) and starts taking items, unless started already; returns at once. ZeroMQ makes the connections in the
    /// background and retries them.
    /// </summary>
    /// <exception cref="ZmqException">An endpoint is malformed, its host does not resolve, or it could not be bound; the message names it and says why.</exception>
    /// <exception cref="ObjectDisposedException">The worker was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>
    /// Starts the worker unless it is started, works until <paramref name="cancellationToken"/> is cancelled or the worker
    /// is disposed, then shuts down as <see cref="DisposeAsync"/> does.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The worker was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Takes every item its socket holds and disconnects (or unbinds) its input, so that the producer sends it nothing more;
    /// waits up to <see cref="ZmqWorkerOptions.DrainTimeout"/> for the items it took to be processed and their results sent,
    /// then cancels the implementation's token, reports the items not done as failures (or, acknowledged, gives them back)
    /// and closes. Takes at most the drain timeout plus 1.2 seconds (a second for the cancelled handlers, 200 ms for the
    /// output to write the last results out), and what closing the sockets takes after that (NetMQ closing the listeners
    /// of the endpoints bound: milliseconds, more on a loaded machine). Items still on their way to the worker when it
    /// disconnects are discarded by ZeroMQ (<see cref="ZmqWorkerOptions.Prefetch"/>): stop the producer first, or use
    /// acknowledged mode. Called from the implementation while it processes an item (or from work it started), it starts
    /// the shutdown and returns at once, since the shutdown waits for that item too: its result is sent, then the worker
    /// closes.
    /// </summary>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private void Connect()
    {
        var output = _output is null ? null : Attach(_output, OutputEndpoint!, _options.BindOutput)?.Endpoint ?? OutputEndpoint;
        var given = InputEndpoint;
        BoundEndpoint? bound;
        try
        {
            bound = Attach(_input, given, _options.BindInput);
        }
        catch
        {
            // Nothing stays attached, and the endpoints stay as given: a second Start binds and connects afresh.
            _output?.Detach();
            throw;
        }

        (InputEndpoint, OutputEndpoint) = (bound?.Endpoint ?? given, output);
        _detachInput = bound is null
            ? socket => socket.Disconnect(given)
            : socket => SocketEndpoints.Unbind(socket, bound);
        _output?.Start();
        for (var loop = 0; loop < _options.MaxConcurrency; loop++)
        {
            var place = loop;
            _ = Task.Run(() => RunItemsAsync(place));
        }

        _input.Start();
    }

    /// <summary>Binds or connects <paramref name="loop"/>'s socket; returns what it bound, or <see langword="null"/> when it connected.</summary>
    private static BoundEndpoint? Attach(SocketLoop loop, string endpoint, bool bind)
    {
        if (bind)
        {
            return loop.Bind(endpoint);
        }

        loop.Connect(endpoint);
        return null;
    }

    /// <summary>
    /// Detaches the input first, so that the producer sends this worker nothing more, after taking every item ZeroMQ had
    /// queued for it (see <see cref="ZmqWorkerOptions.Prefetch"/>), then drains what it holds.
    /// </summary>
    private async Task StopAsync()
    {
        var stopping = Stopwatch.GetTimestamp();
        if (_detachInput is { } detach)
        {
            _throttle.StopTakingTheRest(_take, detach, _lastReadingLimit);
        }
        else
        {
            _throttle.Stop();
        }

        if (!await EndpointLifetime.DrainAsync(_throttle.Drained, _options.DrainTimeout, _shutdown.Token, CancelHandlers).ConfigureAwait(false))
        {
            Log.WorkerDrainTimedOut(_logger, _contract, _options.DrainTimeout);
        }

        CancelHandlers();
        _taken.Writer.TryComplete();

        // Items that no loop got to, every loop being held by a handler that ignores its token, are given back here,
        // before the output closes: later, a loop would find the output closed and lose them.
        // Run by the stop itself, whose own dispose the implementation may call.
        _lifetime.EnterHandler();
        while (_taken.Reader.TryRead(out var left))
        {
            await HandleAsync(left, _options.MaxConcurrency).ConfigureAwait(false);
        }

        await GiveUpOnTheRunning().ConfigureAwait(false);
        _input.Dispose();
        _refusals.Close();
        _failuresStopped.Close();
        if (_output is not null)
        {
            // Results that wait for room (a collector that reads slowly, or none yet) go out before the close, which would
            // report them as undeliverable, within what is left of the drain timeout.
            var remaining = _options.DrainTimeout - Stopwatch.GetElapsedTime(stopping);
            if (remaining > TimeSpan.Zero)
            {
                await EndpointLifetime.CompletesWithin(Task.WhenAny(_output.WhenOutboxEmpty(), _abandoned.Task), remaining).ConfigureAwait(false);
            }

            await _output.CloseAsync().ConfigureAwait(false);
            _undeliverable.Close();
        }
    }

    private void CancelHandlers() => _lifetime.CancelHandlers(_shutdown, _logger);

    /// <summary>
    /// Cuts a close short instead of waiting for the drain timeout: for a host whose shutdown timeout runs out first
    /// (ZmqContracts.Hosting). The handlers' token is cancelled now, the items still running after the second they then
    /// get are reported as failures (or, acknowledged, given back), and results still waiting for room are not waited for.
    /// </summary>
    internal void AbandonHandlers()
    {
        _abandoned.TrySetResult();
        CancelHandlers();
    }

    /// <summary>
    /// At the close, past the drain and the handlers' second: reports each item whose handler still runs, ignoring its
    /// token, as interrupted (or, acknowledged, gives it back), so that it is not left unaccounted for. The handler's own
    /// outcome, if it ever ends, is then not sent.
    /// </summary>
    private async Task GiveUpOnTheRunning()
    {
        for (var loop = 0; loop < _runningByLoop.Length; loop++)
        {
            if (Volatile.Read(ref _runningByLoop[loop]) is { } running && running.TryClaimOutcome())
            {
                await SendOnAsync(GiveBack(running.Operation, running.Payload, running.Carried, started: true), observed: null).ConfigureAwait(false);
            }
        }
    }

    private bool TakeItem(ReceivedMessage message)
    {
        Interlocked.Increment(ref _itemsTaken);
        return _taken.Writer.TryWrite(message);
    }

    /// <summary>One of the <see cref="ZmqWorkerOptions.MaxConcurrency"/> loops that run the items taken, until the worker stops.</summary>
    /// <param name="loop">The loop's place in <see cref="_runningByLoop"/>.</param>
    private async Task RunItemsAsync(int loop)
    {
        _lifetime.EnterHandler();
        while (true)
        {
            ReceivedMessage message;
            try
            {
                // ReadAsync wakes one waiting loop per item; WaitToReadAsync would wake them all.
                message = await _taken.Reader.ReadAsync().ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                return;
            }

            await HandleAsync(message, loop).ConfigureAwait(false);
        }
    }

    /// <param name="message">The item, as taken from the socket.</param>
    /// <param name="loop">The place in <see cref="_runningByLoop"/> of the loop that runs it, or the close's.</param>
    private async Task HandleAsync(ReceivedMessage message, int loop)
    {
        ObservedItem? observed = null;
        if (MessagingDestination.Observed)
        {
            // Made once, for the item's span and for its processing.
            var whole = message.ToMessage();
            message = message with { Whole = whole };
            observed = Observe(whole);
        }

        try
        {
            await SendOnAsync(await ProcessAsync(message, observed, loop).ConfigureAwait(false), observed).ConfigureAwait(false);
        }
        finally
        {
            observed?.End();
            _throttle.Release();
        }
    }

    /// <summary>Sends what goes on after an item to the output, if the stage has one; never throws.</summary>
    private async Task SendOnAsync(Outcome outcome, ObservedItem? observed)
    {
        if (_output is null)
        {
            return;
        }

        try
        {
            if (outcome.Frame is { } frame)
            {
                await _output.SendAsync(frame, outcome.Next, _shutdown.Token).ConfigureAwait(false);
            }
            else if (outcome.Message is { } outgoing)
            {
                await (observed is null
                    ? _output.SendAsync(outgoing, _shutdown.Token)
                    : observed.SendAsync(_output, outgoing, _options.TraceContextFrame, _shutdown.Token)).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            observed?.Failed(exception);
            _undeliverable.Add(exception);
        }
    }

    /// <summary>Starts reporting an item of a known operation; a failure passed on, or an item refused unread, is not processed here.</summary>
    private ObservedItem? Observe(NetMQMessage message)
    {
        if (PipelineMessages.IsFailure(message) || !PipelineMessages.TryRead(message, _framing, out var name, out _) || FindOperation(name) is not { } operation)
        {
            return null;
        }

        var (items, results) = _destinations[operation];
        return new ObservedItem(items, results, message, PipelineMessages.TrailerIndex(_framing));
    }

    /// <summary>Processes one message; returns what goes on (a result, a failure), or nothing. A failure here is told to <paramref name="observed"/>.</summary>
    private async ValueTask<Outcome> ProcessAsync(ReceivedMessage received, ObservedItem? observed, int loop)
    {
        // An item of one frame, or of two whose second is not a trace frame (an acknowledged item's id), without an operation
        // frame, is its payload and what goes on with it: no message is made to read it. Two frames whose first is the
        // error marker are a failure, which a peer may send with no operation or item frame.
        var plain = received.Whole is null
            && _framing == PipelineFraming.Payload
            && (received.Second is not { } second || !(TraceContextFrame.IsTraceFrame(second) || received.First.Span().SequenceEqual(ErrorReply.Marker)));
        var message = plain ? null : received.ToMessage();
        var item = new Carried(message, plain ? received.Second : null);
        NetMQFrame payload;
        PipelineOperation operation;
        if (message is null)
        {
            payload = received.First;
            operation = _operations[0];
        }
        else if (PipelineMessages.IsFailure(message))
        {
            if (_output is null)
            {
                var failure = PipelineMessages.ReadFailure(message, _serializer, _contract, InputEndpoint);
                if (_failuresStopped.IsFirst(PipelineMessages.KindOf(failure)))
                {
                    Log.FailureStopsHere(_logger, _contract, failure);
                }
            }

            return message;
        }
        else if (!PipelineMessages.TryRead(message, _framing, out var name, out payload))
        {
            // Only a one-frame item, under [operation][payload] framing, has no payload frame: that frame is no operation's
            // name but, most likely, the payload of a producer of a version of the contract with one operation.
            return Refuse(
                ZmqErrorCode.BadRequest,
                $"an item of one frame reached {_contract}, whose {_operations.Length} operations take [operation][payload]: is its producer built from a version of the contract with one operation?",
                default,
                message[0],
                item);
        }
        else if (FindOperation(name) is not { } found)
        {
            return Refuse(ZmqErrorCode.UnknownOperation, $"{_contract} has no operation named '{FrameExtensions.Printable(name)}'", name, payload, item);
        }
        else
        {
            operation = found;
        }

        var incoming = new IncomingItem(operation, payload, _serializer, item);
        Exception? thrown = null;
        var started = false;
        try
        {
            _shutdown.Token.ThrowIfCancellationRequested();

            // Known as running from before its handler starts, which may block before its first await, in the loop's own
            // place: nothing allocated, nothing locked.
            Volatile.Write(ref _runningByLoop[loop], incoming);
            started = true;
            try
            {
                await operation.Handler(incoming, _shutdown.Token).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _runningByLoop[loop], null);
            }

            if (incoming.Result is { } produced)
            {
                // A result the collector's socket would drop the connection for, and the results queued behind it with it,
                // is reported as a failure instead, with a fault that says so.
                MessageSizeLimit.ThrowIfResultOver(produced, _options.MaxMessageSize, new("the result of {0}.{1}", _contract, operation.Name));
            }
        }
        catch (Exception exception)
        {
            thrown = exception;
        }

        if (!incoming.TryClaimOutcome())
        {
            // The close gave up on the handler, and reported the item already (or gave it back).
            observed?.Failed(thrown ?? new OperationCanceledException(CutShort, _shutdown.Token));
            return default;
        }

        return OutcomeOf(incoming, thrown, started, asBytes: message is null && observed is null, observed);
    }

    /// <summary>What goes on after an item whose handler ended, having thrown <paramref name="thrown"/> or not.</summary>
    /// <param name="incoming">The item.</param>
    /// <param name="thrown">What the handler threw, or <see langword="null"/>.</param>
    /// <param name="started">Whether the handler started: an item the shutdown came before did not run.</param>
    /// <param name="asBytes">Whether a result may go as its bytes: the item was read without a message, and there is no trace frame to add.</param>
    /// <param name="observed">The item's telemetry, told of a failure.</param>
    private Outcome OutcomeOf(IncomingItem incoming, Exception? thrown, bool started, bool asBytes, ObservedItem? observed)
    {
        var (operation, payload, item) = (incoming.Operation, incoming.Payload, incoming.Carried);
        switch (thrown)
        {
            case null:
                Interlocked.Increment(ref _processed);
                return incoming.Result switch
                {
                    null => default,

                    // A result of one frame, with at most an id to carry on and no trace frame to add, goes as its bytes.
                    { } result when asBytes => new Outcome(result, item.Next, null),
                    { } result => item.Trailing(PipelineMessages.Item(_framing, operation.NameUtf8, result), _framing),
                };
            case RequestDecodingException exception:
                observed?.Failed(exception);
                return Refuse(ZmqErrorCode.BadRequest, exception.Message, operation.NameUtf8, payload, item);
            case OperationCanceledException exception when _shutdown.IsCancellationRequested:
                observed?.Failed(exception);
                return GiveBack(operation, payload, item, started);
            default:
                return Failed(thrown, operation, payload, item, observed);
        }
    }

    /// <summary>The failure an item whose handler threw <paramref name="exception"/> sends on, logged and counted.</summary>
    private NetMQMessage Failed(Exception exception, PipelineOperation operation, NetMQFrame payload, Carried item, ObservedItem? observed)
    {
        observed?.Failed(exception);
        Interlocked.Increment(ref _failed);
        var error = HandlerError.Of(exception, _options.IncludeExceptionDetails, _options.MaxMessageSize);
        if (error.ErrorId is { } errorId)
        {
            Log.ItemFailed(_logger, exception, _contract, operation.Name, errorId);
        }
        else
        {
            Log.ItemFaulted(_logger, _contract, operation.Name, error.Message);
        }

        var failure = PipelineMessages.Failure(ZmqErrorCode.HandlerFailed, error.RemoteType, error.Message, error.ErrorId, operation.NameUtf8, payload);
        return item.Trailing(failure, _framing);
    }

    private PipelineOperation? FindOperation(ReadOnlySpan<byte> name)
    {
        if (_framing == PipelineFraming.Payload)
        {
            return _operations[0];
        }

        return PipelineOperation.Find(_operations, name);
    }

    /// <summary>
    /// What becomes of an item the worker shut down before it was done: an acknowledged item is given back by sending
    /// nothing, since its producer sends it again to a worker still running; any other is reported as unavailable when
    /// its handler had not <paramref name="started"/> (it did not run), as interrupted when the shutdown cut its handler
    /// short (it may have run).
    /// </summary>
    private NetMQMessage? GiveBack(PipelineOperation operation, NetMQFrame payload, Carried item, bool started)
    {
        if (item.TryReadId(_framing, out var id))
        {
            Log.ItemGivenBack(_logger, _contract, id.Sequence);
            return null;
        }

        var (code, reason) = started ? (ZmqErrorCode.Interrupted, CutShort) : (ZmqErrorCode.Unavailable, NotStarted);
        return Refuse(code, reason, operation.NameUtf8, payload, item);
    }

    private NetMQMessage Refuse(ZmqErrorCode code, string reason, ReadOnlySpan<byte> operation, NetMQFrame? payload, Carried item)
    {
        Interlocked.Increment(ref _failed);
        if (_refusals.IsFirst($"refused ({code}): {reason}"))
        {
            Log.RefusedItem(_logger, _contract, code, reason);
        }

        // The reason quotes what the peer sent (an operation name), which JSON can make six times longer.
        return item.Trailing(PipelineMessages.Failure(code, null, HandlerError.Fit(reason, null, _options.MaxMessageSize), null, operation, payload), _framing);
    }

    /// <summary>
    /// What an item carries on to its result or failure: the frames after its payload in <see cref="Message"/>, or, for an
    /// item read without a message, <see cref="Next"/>, the frame after its payload (an id), if any.
    /// </summary>
    internal readonly record struct Carried(NetMQMessage? Message, byte[]? Next)
    {
        /// <summary><paramref name="outgoing"/> with the frames that followed the item's payload.</summary>
        public NetMQMessage Trailing(NetMQMessage outgoing, PipelineFraming framing)
        {
            if (Message is { } message)
            {
                return PipelineMessages.WithTrailer(outgoing, message, framing);
            }

            if (Next is { } next)
            {
                outgoing.Append(next);
            }

            return outgoing;
        }

        /// <summary>The id the item carries, if any.</summary>
        public bool TryReadId(PipelineFraming framing, out ItemId id)
        {
            if (Message is { } message)
            {
                return PipelineMessages.TryReadId(message, framing, out id);
            }

            id = default;
            return Next is { } next && ItemId.TryRead(next, out id);
        }
    }

    /// <summary>What goes on after an item: a result of one frame (and the id after it, if any) as its bytes, a message (a result, a failure), or neither.</summary>
    private readonly record struct Outcome(byte[]? Frame, byte[]? Next, NetMQMessage? Message)
    {
        public static implicit operator Outcome(NetMQMessage? message) => new(null, null, message);
    }
}
