using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// The connection behind a generated request/reply client: one DEALER socket, which the calling threads send on themselves,
/// any number of calls in flight, each reply matched to its call by a correlation id carried in the
/// ZeroMQ envelope (<c>[correlation-id][empty][operation][arguments…]</c>, see docs/protocol.md). With
/// <see cref="ZmqClientOptions.ViaBroker"/> it is an MDP/0.1 client of a Majordomo broker instead, and the correlation
/// id travels as a tag at the end of the body (<see cref="MajordomoClientFraming"/>).
/// Thread-safe. Used by generated code.
/// </summary>
/// <remarks>
/// <para>
/// A call to an idempotent operation that gets no reply within the request timeout is sent again (the Lazy Pirate
/// pattern of the ZeroMQ guide), with the same correlation id, so that a late reply to any of its attempts completes it.
/// When the server has sent nothing at all since the timed-out attempt, the connection is replaced by a fresh one first:
/// a dead or half-open connection would swallow the retry too. Not when the connection was lost and made again since
/// (it is fresh already), and, through a broker, only while the connection to the broker is down: a silent worker says
/// nothing about the broker. See docs/guide.md for what that means for other calls.
/// A call to an idempotent operation that the server answers with <see cref="ZmqErrorCode.Unavailable"/> (its queue is
/// full, or it is shutting down), <see cref="ZmqErrorCode.Interrupted"/> (it shut down while the handler ran), or the
/// broker with <see cref="ZmqErrorCode.WorkerLost"/>, is sent again the same way, over the same connection.
/// </para>
/// <para>
/// One timer per client watches every call's deadlines and sends the retries that are due, so that a call costs no timer
/// of its own. It ticks every tenth of the shortest timeout, between 5 and 100 milliseconds: a call times out up to one
/// tick late, and a retry waits its jittered backoff (<see cref="RetryBackoff"/>) plus up to one tick.
/// </para>
/// <para>
/// ZeroMQ queues a request sent before the connection is made (or its handshake done), and sends it when the connection
/// comes. A call that times out with no connection made since it started, or with its last connections all lost before
/// anything came through them, is failed only once the connection is replaced, which drops that queue, so that its
/// request never goes out after its caller was told why it failed; the requests of the other calls that waited in the
/// queue are sent again.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class ReplyClient : IAsyncDisposable, IDisposable
{
    private const int CorrelationIdLength = sizeof(ulong);

    /// <summary>A reply's frames: the correlation id, the empty delimiter and the payload.</summary>
    private const int ReplyFrames = 3;

    /// <summary>The event a call's span gets for each retry, with the number of the attempt about to be sent.</summary>
    private const string RetryEvent = "zmqcontracts.retry";

    private const string AttemptAttribute = "zmqcontracts.attempt";

    private static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan MaxTick = TimeSpan.FromMilliseconds(100);

    private static readonly Action<object?, CancellationToken> CancelCall =
        static (state, cancellationToken) => ((PendingCall)state!).Cancel(cancellationToken);

    private readonly string _contract;
    private readonly ZmqClientOptions _options;
    private readonly ILogger _logger;
    private readonly IZmqSerializer _serializer;
    private readonly MajordomoClientFraming? _broker;

    /// <summary>
    /// Through a broker: the messages it sent that are no tagged REPLY of the service, which name no call (a worker of
    /// another kind that does not return the tag), logged once, then counted.
    /// </summary>
    private readonly RepeatedLog? _untagged;

    /// <summary>The malformed replies: the first logged with its frame count (event 1), the next ones as counts (event 16).</summary>
    private readonly RepeatedWarnings _malformed;
    private readonly ServerAddress _server;

    /// <summary>
    /// Whether the endpoint is <c>inproc://</c>, whose connections NetMQ's monitor never reports: a connect succeeds only
    /// against a live binding (NetMQ keeps no inproc connect waiting), so the client takes a successful one as made.
    /// </summary>
    private readonly bool _inproc;
    private readonly SocketLoop _loop;
    private readonly TimeProvider _time;
    private readonly ITimer _deadlines;
    private readonly EndpointLifetime _lifetime;
    private readonly ConcurrentDictionary<ulong, PendingCall> _pending = new();

    /// <summary>The frames of the reply being read, under the loop's lock.</summary>
    private readonly byte[][] _replyFrames = new byte[ReplyFrames][];

    private readonly object _reconnectGate = new();
    private long _lastCorrelationId;
    private long _lastReceived;
    private int _connectionGeneration;
    private int _checkingDeadlines;
    private Task _notifications = Task.CompletedTask;

    /// <summary>The <c>mmi.service</c> lookup waiting for the broker's answer, which lookups meanwhile share; <see langword="null"/> when none waits.</summary>
    private TaskCompletionSource<bool>? _serviceLookup;
    private volatile bool _isConnected;
    private int _disposed;

    /// <summary>How many connections the monitor reported made; written under the socket's lock.</summary>
    private long _connectionsMade;

    /// <summary>When, as a timestamp of the client's clock, the connection was last lost (or dropped by this client); written under the socket's lock.</summary>
    private long _lastLost;

    /// <summary>
    /// Numbers the stretches in which requests sent wait in the socket's queue with no connection to go out on: a new one
    /// starts with each connection made, and with each replacement of the connection, which drops what waited (see
    /// <see cref="PendingCall.Queue"/>). Under the socket's lock.
    /// </summary>
    private int _queue = 1;

    /// <summary>
    /// How many connections were lost before anything came through them, not counting those this client replaced: what a
    /// failed ZeroMQ handshake (a wrong CURVE key) looks like, since NetMQ reports the TCP connection and no handshake.
    /// Written under the socket's lock.
    /// </summary>
    private long _silentDrops;

    /// <summary>How many of the connections lost since anything last came from the server were <see cref="_silentDrops"/>, in a row; written under the socket's lock.</summary>
    private long _silentStreak;

    /// <summary>Whether anything came through the current connection, or its loss is this client's doing.</summary>
    private volatile bool _connectionProven;

    /// <summary>
    /// When, as a timestamp of the client's clock, the monitor last reported the connection lost: by the server, the
    /// network, or this socket on reading a frame over its MaxMessageSize (not when this client replaced it). Written under
    /// the socket's lock.
    /// </summary>
    private long _lastBroken;

    /// <summary>Why the last reconnection failed to connect, until one succeeds; written under the socket's lock.</summary>
    private volatile Exception? _connectFailure;

    /// <summary>When, in the client's clock's ticks, a failed reconnection is tried again; <see cref="long.MaxValue"/> while one is under way.</summary>
    private long _nextConnectAttempt = long.MaxValue;

    /// <summary>Connects to <paramref name="endpoint"/>; the first calls queue until the connection is made.</summary>
    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="endpoint">A ZeroMQ endpoint such as <c>tcp://127.0.0.1:5555</c>.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="contractSerializer">The contract's format, used unless the options choose a serializer.</param>
    public ReplyClient(string contract, string endpoint, ZmqClientOptions? options, IZmqSerializer contractSerializer)
    {
        ArgumentNullException.ThrowIfNull(contractSerializer);
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _contract = contract;
        _options = ZmqSocketOptions.Validated(options);
        _logger = _options.ContainedLogger();
        _serializer = _options.SerializerFor(contractSerializer);
        var broker = _options.ViaBroker ? new MajordomoClientFraming(_options.ServiceName ?? contract) : null;
        _broker = broker;
        _untagged = broker is null ? null : new RepeatedLog((_, count) => Log.UntaggedReplies(_logger, _contract, count, endpoint, broker.Service, RepeatedWarnings.DefaultInterval));
        _malformed = new RepeatedWarnings(RepeatedWarnings.DefaultInterval, (_, count) => Log.MalformedReplies(_logger, _contract, count, endpoint, RepeatedWarnings.DefaultInterval));
        Endpoint = endpoint;
        _server = ServerAddress.Of(endpoint);
        _inproc = endpoint.StartsWith("inproc://", StringComparison.Ordinal);

        // No linger: calls still queued when the client closes have already failed with ObjectDisposedException.
        var socket = _options.NewSocket($"{contract}Client", static () => new DealerSocket(), linger: TimeSpan.Zero);

        _loop = new SocketLoop($"{contract}Client", socket, ReceiveReplies, OnSendFailed, reads: SocketReads.EventThread, logger: _logger);

        // Watched before connecting: the monitor drops what happens before it is attached, the first connection included.
        _loop.DisposeIfFails(() => _loop.WatchConnections(OnConnectionReported));
        var tick = Tick(_options);
        _time = _options.TimeProvider;
        _deadlines = _time.CreateTimer(static client => ((ReplyClient)client!).CheckDeadlines(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _lifetime = new EndpointLifetime($"{contract}Client", () =>
        {
            _loop.Connect(endpoint);
            _loop.Start();
            _loop.RunOnLoop(this, static (_, client) => client.OnInprocConnected());
            _deadlines.Change(tick, tick);
        }, Close);
        _lifetime.StartOrDispose();
    }

    /// <summary>The endpoint this client connects to.</summary>
    public string Endpoint { get; }

    /// <summary>Whether the client is connected to its server now; see <see cref="ConnectionChanged"/>.</summary>
    public bool IsConnected => _isConnected;

    /// <summary>
    /// Raised, off the socket's thread and in order, each time the client makes or loses its connection to the server:
    /// ZeroMQ reconnects by itself, so a lost connection is usually followed by a new one when the server is back.
    /// </summary>
    public event EventHandler<ZmqConnectionEventArgs>? ConnectionChanged;

    /// <summary>Who answers, for messages: the server's endpoint, or the service and the broker's endpoint.</summary>
    private string Peer => _broker is null ? Endpoint : $"service {_broker.Service} through the broker at {Endpoint}";

    /// <summary>How many calls are waiting for their reply.</summary>
    internal int PendingCalls => _pending.Count;

    /// <summary>With <see cref="ZmqClientOptions.ViaBroker"/>, the service the client calls; <see langword="null"/> for a client of a server.</summary>
    internal string? BrokeredService => _broker?.Service;

    /// <summary>
    /// Asks the broker whether a worker serves the client's service (<c>mmi.service</c>, RFC 8): true when it answers
    /// <c>200</c>. A lookup while another waits shares its answer. The broker's answers carry no correlation, so a late
    /// answer to a lookup that timed out answers the next one: it is still the broker's word on the service. For health
    /// checks (ZmqContracts.Hosting).
    /// </summary>
    /// <exception cref="InvalidOperationException">The client calls a server, not a broker.</exception>
    /// <exception cref="TimeoutException">The broker did not answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    internal async Task<bool> IsServiceServedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var broker = _broker ?? throw new InvalidOperationException($"The {_contract} client calls the server at {Endpoint}, not a broker.");
        var lookup = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Interlocked.CompareExchange(ref _serviceLookup, lookup, null);
        if (waiting is null)
        {
            waiting = lookup;
            _loop.Send(broker.ServiceLookup());
            _ = ForgetUnansweredAsync(lookup, timeout);
        }

        return await waiting.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets <paramref name="lookup"/> when the broker has not answered it within <paramref name="timeout"/>, so that the
    /// next lookup asks again. Only the lookup's own deadline does this: a waiter that gives up earlier (its token
    /// cancelled) leaves the lookup to the others that share it.
    /// </summary>
    private async Task ForgetUnansweredAsync(TaskCompletionSource<bool> lookup, TimeSpan timeout)
    {
        if (!await EndpointLifetime.CompletesWithin(lookup.Task, timeout).ConfigureAwait(false))
        {
            Interlocked.CompareExchange(ref _serviceLookup, null, lookup);
        }
    }

    /// <summary>Starts a request for <paramref name="operation"/>; add its arguments, then pass it to a <c>CallAsync</c> method.</summary>
    /// <param name="operation">The operation called.</param>
    public OutgoingRequest NewRequest(RequestOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new(operation, _serializer, _time.GetTimestamp());
    }

    /// <summary>Sends the request and completes when the server has replied.</summary>
    /// <exception cref="ZmqRemoteException">The server replied with an error (for an idempotent operation, <see cref="ZmqErrorCode.Unavailable"/>, <see cref="ZmqErrorCode.Interrupted"/> or <see cref="ZmqErrorCode.WorkerLost"/> only once no attempt is left).</exception>
    /// <exception cref="TimeoutException">No reply within <see cref="ZmqClientOptions.RequestTimeout"/>, after every attempt the call was allowed (one, unless the request is idempotent), or within <see cref="ZmqClientOptions.CallTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed before the reply came.</exception>
    /// <exception cref="ZmqPayloadException">An argument could not be serialized; nothing was sent.</exception>
    /// <exception cref="ZmqMessageTooLargeException">An argument is larger than <see cref="ZmqSocketOptions.MaxMessageSize"/>; nothing was sent.</exception>
    public Task CallAsync(OutgoingRequest request, CancellationToken cancellationToken) => Call<object?>(request, readsResult: false, cancellationToken);

    /// <summary>Sends the request and returns the result the server replied with.</summary>
    /// <inheritdoc cref="CallAsync(OutgoingRequest, CancellationToken)" path="/exception"/>
    /// <exception cref="ZmqPayloadException">An argument could not be serialized (nothing was sent), or the reply could not be read as <typeparamref name="TResult"/>.</exception>
    public Task<TResult> CallAsync<TResult>(OutgoingRequest request, CancellationToken cancellationToken) => Call<TResult>(request, readsResult: true, cancellationToken);

    /// <summary>Does nothing more: the constructor connected the client. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the client is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The client was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Fails every call in flight with an <see cref="ObjectDisposedException"/> and closes the socket; <see cref="IsConnected"/>
    /// is then false. Calling it again does nothing.
    /// </summary>
    public void Dispose() => _lifetime.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private Task Close()
    {
        Interlocked.Exchange(ref _disposed, 1);
        _deadlines.Dispose();
        foreach (var (_, call) in _pending)
        {
            Finish(call, new ObjectDisposedException(
                _lifetime.ObjectName, $"The client was disposed while the call to {call.Operation.Name} was waiting for its reply."));
        }

        _loop.Dispose();
        _untagged?.Close();
        _malformed.Close();
        _isConnected = false;
        return Task.CompletedTask;
    }

    /// <summary>The deadline timer's period: a tenth of the shortest timeout, within <see cref="MinTick"/> and <see cref="MaxTick"/>.</summary>
    private static TimeSpan Tick(ZmqClientOptions options)
    {
        var shortest = Math.Min(Finite(options.RequestTimeout), Finite(options.CallTimeout));
        return TimeSpan.FromTicks(Math.Clamp(shortest / 10, MinTick.Ticks, MaxTick.Ticks));

        static long Finite(TimeSpan timeout) => timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : timeout.Ticks;
    }

    /// <summary>
    /// A timestamp of the client's clock <paramref name="span"/> after <paramref name="from"/>; <see cref="long.MaxValue"/>
    /// for an infinite span, or one too long to count.
    /// </summary>
    private long After(long from, TimeSpan span)
    {
        var ticks = span.TotalSeconds * _time.TimestampFrequency;
        return span == Timeout.InfiniteTimeSpan || ticks >= long.MaxValue - from ? long.MaxValue : from + (long)ticks;
    }

    /// <summary>
    /// Starts the call's span and metrics in the caller's context, registers the call and sends its first attempt. Not an
    /// async method, which would cost a state machine per call: the call itself is the task's source (see
    /// <see cref="PendingCall"/>). What fails before the request is sent fails the task, as it would an async method's.
    /// </summary>
    private Task<TResult> Call<TResult>(OutgoingRequest request, bool readsResult, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return FailedTask.Of<TResult>(new ArgumentNullException(nameof(request)));
        }

        var caller = Activity.Current;
        var telemetry = ClientCallTelemetry.Start(request.Operation.MethodOf(_contract), _server);
        try
        {
            return Start<TResult>(request, telemetry, readsResult, cancellationToken).Task;
        }
        catch (Exception exception)
        {
            telemetry.Fail(exception);
            telemetry.End();
            return FailedTask.Of<TResult>(exception);
        }
        finally
        {
            // The span is current for the call (the call captured the context to read its reply in), not for its caller.
            if (telemetry.Span is not null)
            {
                Activity.Current = caller;
            }
        }
    }

    /// <summary>
    /// Registers the call and sends its first attempt, with its span's trace context when there is one; throws, having
    /// sent nothing, when the request could not be serialized or is too large, or the caller has cancelled.
    /// </summary>
    private PendingCall<TResult> Start<TResult>(OutgoingRequest request, ClientCallTelemetry telemetry, bool readsResult, CancellationToken cancellationToken)
    {
        request.Failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        MessageSizeLimit.ThrowIfOver(request.Body, _options.MaxMessageSize, new("the request to {0}.{1}", _contract, request.Operation.Name));

        var id = (ulong)Interlocked.Increment(ref _lastCorrelationId);

        // Counted on the body alone, and before a brokered call's trailing tag, which readers expect last (docs/protocol.md).
        if (TraceContextFrame.ForRequest(telemetry.Span, _options.TraceContextFrame, request.Body) is { } trace)
        {
            request.Append(trace);
        }

        var frames = _broker is null ? request.Envelop([EncodeCorrelationId(id), []]) : _broker.Wrap(request, id);
        var started = request.Started;
        var call = new PendingCall<TResult>(this, id, request.Operation, frames, started, telemetry, readsResult);

        // Noted before the call is registered, while no other thread can see it: the deadline timer, which looks at every
        // registered call, would take a call with no attempt yet for one whose attempt timed out.
        var first = NextAttempt(call, started);

        // Registered before anything else can end the call: whoever ends it then finds the registration to dispose of.
        call.Registration = cancellationToken.UnsafeRegister(CancelCall, call);
        _pending[id] = call;

        // Checked once the call is registered: Dispose either sees the call or the call sees Dispose, and a call that a
        // cancellation ended before it was registered (with nothing to forget then, see Finish) is forgotten here, unsent.
        if (_disposed != 0 || call.IsCompleted)
        {
            Finish(call, new ObjectDisposedException(_lifetime.ObjectName));
            return call;
        }

        Send(call, first);
        return call;
    }

    /// <summary>Reads the result of a call to <paramref name="operation"/> from its reply's <paramref name="payload"/>.</summary>
    /// <exception cref="ZmqPayloadException">The payload is not a <typeparamref name="TResult"/>, or is null where the operation's result may not be.</exception>
    private TResult ReadResult<TResult>(ReadOnlyMemory<byte> payload, RequestOperation operation) =>
        PayloadFrames.Deserialize<TResult>(_serializer, payload, new("reply of {0}.{1}", _contract, operation.Name), operation.ResultNullable);

    /// <summary>
    /// Notes when and over which connection the next attempt of <paramref name="call"/> goes, and returns it, to send once
    /// the call's lock is released (see <see cref="Answer"/>). Under the call's lock, or before the call is registered.
    /// </summary>
    private ArraySegment<byte[]> NextAttempt(PendingCall call, long now)
    {
        call.Attempts++;
        call.SentAt = now;
        call.RetryAt = 0;
        call.AttemptDeadline = Math.Min(After(now, _options.RequestTimeout), call.CallDeadline);
        call.Generation = Volatile.Read(ref _connectionGeneration);

        // A retry sends the same frames: nothing writes to them once they are sent (FrameSending).
        return call.Request;
    }

    /// <summary>On the deadline timer: times out, or schedules and sends retries of, the calls whose moment has come.</summary>
    private void CheckDeadlines()
    {
        RetryFailedConnect();
        if (_pending.IsEmpty || Interlocked.Exchange(ref _checkingDeadlines, 1) != 0)
        {
            return;
        }

        try
        {
            // Before any call's lock: the connection events decide what a timeout says, and the socket's lock comes first.
            _loop.ReadConnectionsNow();
            var now = _time.GetTimestamp();
            List<(PendingCall Call, DueAttempt Due)>? afterReplacement = null;
            foreach (var (_, call) in _pending)
            {
                DueAttempt due;
                lock (call)
                {
                    due = CheckDeadlines(call, now);
                }

                if (due.Reconnect || due.Undelivered)
                {
                    (afterReplacement ??= []).Add((call, due));
                }
                else if (due.Request is { } attempt)
                {
                    Send(call, attempt);
                }
            }

            if (afterReplacement is not null)
            {
                ReplaceConnection(afterReplacement, now);
            }
        }
        finally
        {
            Volatile.Write(ref _checkingDeadlines, 0);
        }
    }

    /// <summary>Under the call's lock.</summary>
    private DueAttempt CheckDeadlines(PendingCall call, long now)
    {
        if (call.IsCompleted)
        {
            return default;
        }

        if (now >= call.CallDeadline)
        {
            return Expire(call, now, callTimedOut: true);
        }

        var reconnect = false;
        if (call.RetryAt == 0)
        {
            if (now < call.AttemptDeadline)
            {
                return default;
            }

            if (!CanRetry(call, now))
            {
                // An idempotent call with tries left stops for want of time before its CallTimeout.
                return Expire(call, now, callTimedOut: call.Operation.Idempotent && call.Attempts < call.MaxAttempts);
            }

            Log.Retrying(_logger, _contract, call.Operation.Name, Endpoint, call.Attempts);

            // A late reply to any attempt ends the wait: it answers the call as well as the next attempt would.
            reconnect = IsServerSilent(call);
            ScheduleRetry(call, now);
        }

        return new(reconnect, now >= call.RetryAt ? NextAttempt(call, now) : (ArraySegment<byte[]>?)null);
    }

    /// <summary>
    /// Under the call's lock: fails <paramref name="call"/> with its <see cref="TimeoutException"/>, unless its request may
    /// still wait in the socket's queue, to go out when a connection comes (<see cref="NeverConnected"/>,
    /// <see cref="ClosedBeforeAnything"/>): the call then fails only once the connection is replaced, which drops the queue
    /// (<see cref="ReplaceConnection"/>).
    /// </summary>
    private DueAttempt Expire(PendingCall call, long now, bool callTimedOut)
    {
        var connectionsMade = Volatile.Read(ref _connectionsMade);
        if (NeverConnected(call, connectionsMade) is not null || ClosedBeforeAnything(call, connectionsMade) is not null)
        {
            return new(Reconnect: false, Request: null, Undelivered: true, CallTimedOut: callTimedOut);
        }

        TimeOut(call, now, callTimedOut, connectionsMade);
        return default;
    }

    /// <summary>
    /// Replaces the connection, once for all the calls of one deadline check that need it, then, in this order: fails the
    /// calls that timed out with their requests perhaps still queued, which can no longer go out; sends the retries that
    /// waited for the fresh connection; and sends again the other requests that the old connection's queue dropped.
    /// </summary>
    private void ReplaceConnection(List<(PendingCall Call, DueAttempt Due)> calls, long now)
    {
        var undelivered = calls.Count(entry => entry.Due.Undelivered);
        if (undelivered < calls.Count)
        {
            Log.Reconnecting(_logger, _contract, Endpoint);
        }

        if (undelivered > 0)
        {
            Log.DroppingUndelivered(_logger, _contract, undelivered, Endpoint);
        }

        var dropped = Reconnect();
        foreach (var (call, due) in calls)
        {
            if (due.Undelivered)
            {
                lock (call)
                {
                    if (!call.IsCompleted)
                    {
                        TimeOut(call, now, due.CallTimedOut, dropped?.ConnectionsMade ?? Volatile.Read(ref _connectionsMade));
                    }
                }
            }
            else if (due.Request is { } attempt)
            {
                Send(call, attempt);
            }
        }

        if (dropped is { } queue)
        {
            foreach (var (_, call) in _pending.Where(entry => entry.Value.Queue == queue.Queue))
            {
                // Checked again under the loop's lock, where the call's queue changes.
                _loop.Send((Client: this, Call: call, queue.Queue), static state =>
                    state.Call.Queue == state.Queue && state.Call.RetryAt == 0 ? state.Client.Queued(state.Call, state.Call.Request) : null);
            }
        }
    }

    /// <summary>
    /// Sends an attempt of <paramref name="call"/>. While the client is connected, at once; otherwise under the loop's lock,
    /// noting the stretch of the socket's queue it waits in (<see cref="PendingCall.Queue"/>), so that a replacement of the
    /// connection that drops it before any connection is made sends it again, and only then.
    /// </summary>
    private void Send(PendingCall call, ArraySegment<byte[]> attempt)
    {
        if (_isConnected)
        {
            _loop.Send(attempt);
            return;
        }

        _loop.Send((Client: this, Call: call, Attempt: attempt), static state => state.Client.Queued(state.Call, state.Attempt));
    }

    /// <summary>
    /// Under the loop's lock: <paramref name="attempt"/> as a message, having noted which stretch of the socket's queue it
    /// waits in; <see langword="null"/>, to send nothing, once the call has ended.
    /// </summary>
    private NetMQMessage? Queued(PendingCall call, ArraySegment<byte[]> attempt)
    {
        if (call.IsCompleted)
        {
            return null;
        }

        call.Queue = _isConnected ? 0 : _queue;
        return new NetMQMessage(attempt);
    }

    /// <summary>Whether <paramref name="call"/> may be sent again: it is idempotent, has attempts left, and the call timeout leaves room for the backoff.</summary>
    private bool CanRetry(PendingCall call, long now) =>
        call.Operation.Idempotent
        && call.Attempts < call.MaxAttempts
        && (call.CallDeadline == long.MaxValue || call.CallDeadline - now > After(0, call.Backoff));

    /// <summary>
    /// Makes <paramref name="call"/> wait its backoff, jittered, before its next attempt, and doubles the backoff; counts
    /// the retry, and notes it on the call's span. Under the call's lock.
    /// </summary>
    private void ScheduleRetry(PendingCall call, long now)
    {
        call.RetryAt = Math.Max(1, After(now, RetryBackoff.Jittered(call.Backoff, Random.Shared)));
        call.Backoff = RetryBackoff.Doubled(call.Backoff);
        call.Span?.AddEvent(new ActivityEvent(RetryEvent, tags: new() { [AttemptAttribute] = call.Attempts + 1 }));
        if (Instrumentation.Retries.Enabled)
        {
            Instrumentation.Add(Instrumentation.Retries, 1, RpcTelemetry.Tags(call.Operation.MethodOf(_contract)));
        }
    }

    /// <summary>
    /// Fails <paramref name="call"/> with a <see cref="TimeoutException"/> that names the limit that ended it: the
    /// <see cref="ZmqClientOptions.CallTimeout"/> when <paramref name="callTimedOut"/>, else the last try's
    /// <see cref="ZmqClientOptions.RequestTimeout"/> (with the tries allowed, for an idempotent call); and what the
    /// connection events up to <paramref name="connectionsMade"/> tell of the request's fate (<see cref="NeverConnected"/>,
    /// <see cref="ClosedBeforeAnything"/>).
    /// </summary>
    private void TimeOut(PendingCall call, long now, bool callTimedOut, long connectionsMade)
    {
        var tries = call.Attempts == 1 ? "1 try" : $"{call.Attempts} tries";
        var limit = callTimedOut
            ? $"CallTimeout {_options.CallTimeout.TotalSeconds:0.###} s"
            : $"RequestTimeout {_options.RequestTimeout.TotalSeconds:0.###} s" + (call.Operation.Idempotent ? $", MaxAttempts {call.MaxAttempts}" : "");
        var why = NeverConnected(call, connectionsMade) ?? (call.Operation.Idempotent
            ? ""
            : $" {call.Operation.Name} is not [Idempotent], so it was not sent again: the server may have run it.") + (ClosedBeforeAnything(call, connectionsMade) ?? LostInFlight(call));
        Finish(call, new TimeoutException(
            $"{_contract}.{call.Operation.Name}: no reply from {Peer} after {tries} in {_time.GetElapsedTime(call.Started, now).TotalSeconds:0.###} s " +
            $"({limit}).{why}"));
    }

    /// <summary>
    /// Why no attempt of <paramref name="call"/> can have reached the server: no connection was made while it waited,
    /// counted up to <paramref name="connectionsMadeNow"/>, the connections made so far, or when the connection was
    /// replaced. Otherwise <see langword="null"/>.
    /// </summary>
    private string? NeverConnected(PendingCall call, long connectionsMadeNow) =>
        !call.ConnectedAtStart && connectionsMadeNow == call.ConnectionsAtStart
            ? $" No connection to {Endpoint} was made meanwhile, so the server never got the request: is it running, and is the endpoint right?"
            : null;

    /// <summary>
    /// What the connections of <paramref name="call"/> look like when they came and went while it waited (counted up to
    /// <paramref name="connectionsMadeNow"/>, as for <see cref="NeverConnected"/>) and the last ones were all lost before
    /// anything came through them: a failed ZeroMQ handshake, most likely (a server that restarted once, or that is slow
    /// on a connection that stays, does not look like that). Only most likely: a connection whose handshake succeeded,
    /// that carried the request and was reset before the reply, looks the same, since NetMQ reports no handshake; so this
    /// never says that the server did not get the request. Otherwise <see langword="null"/>.
    /// </summary>
    private string? ClosedBeforeAnything(PendingCall call, long connectionsMadeNow)
    {
        var streak = Volatile.Read(ref _silentStreak);
        var changed = connectionsMadeNow > call.ConnectionsAtStart || Volatile.Read(ref _silentDrops) > call.SilentDropsAtStart;
        return streak >= 2 && changed && Volatile.Read(ref _lastReceived) < call.Started
            ? $" The last {streak} connections were closed before anything came through them, as when the ZeroMQ handshake fails " +
              $"({HandshakeFailureCause}; docs/security.md) or when connections are reset after the request went out."
            : null;
    }

    /// <summary>
    /// That the connection was lost while the last attempt of <paramref name="call"/> waited for its reply, which then
    /// cannot come, and why that happens: NetMQ reports a loss with no reason, and drops a connection that brings a frame
    /// over this client's MaxMessageSize without a word, so a reply too large is told only here. Otherwise empty. Not told
    /// beside <see cref="ClosedBeforeAnything"/>, which already says why the connections it counts were lost.
    /// </summary>
    private string LostInFlight(PendingCall call) =>
        Volatile.Read(ref _lastBroken) > call.SentAt
            ? $" The connection to {Endpoint} was lost while the call was in flight, and a reply on a lost connection never arrives: " +
              $"a reply larger than this client's MaxMessageSize ({_options.MaxMessageSize.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes) closes the connection, " +
              "as do a server that stops and a network failure."
            : "";

    /// <summary>What most likely makes this client's ZeroMQ handshakes fail, given whether it uses CURVE.</summary>
    private string HandshakeFailureCause => _options.Curve is null
        ? "the server requires a security mechanism that this client does not use"
        : "with CURVE: the client's server key is not the server's public key, or the server does not use CURVE";

    /// <summary>
    /// Ends <paramref name="call"/> with <paramref name="error"/>, unless it has ended already, and forgets it. Ended first,
    /// forgotten then: a cancellation that runs on another thread while the call registers either forgets the registered
    /// call, or ends it before <see cref="Start"/> looks whether it has ended, and <see cref="Start"/> forgets it then.
    /// Forgotten first, a call registered in between would have stayed registered, ended, for good.
    /// </summary>
    private void Finish(PendingCall call, Exception error)
    {
        call.TrySetException(error);
        _pending.TryRemove(call.Id, out _);
    }

    /// <summary>
    /// Whether the connection is to be replaced before <paramref name="call"/> is sent again: nothing at all has come
    /// from the server since it was last sent, no other retry has replaced the connection since (the caller does, once
    /// this returns true), and the client is not connected over a connection made since the one the call went over was
    /// lost. A server that answers other calls is alive, and only this call is slow; a connection made again since is
    /// fresh already (ZeroMQ's own, to a server that restarted), and the calls sent over it would lose their replies: the
    /// retry then goes over the same connection. Through a broker, the connection is replaced only while the monitor shows
    /// it down: the silence is the worker's, and the broker's connection carries the other workers' replies too (a broker
    /// that vanished is noticed with <see cref="ZmqClientOptions.HeartbeatInterval"/>).
    /// </summary>
    private bool IsServerSilent(PendingCall call)
    {
        lock (_reconnectGate)
        {
            if (call.Generation != _connectionGeneration
                || Volatile.Read(ref _lastReceived) > call.SentAt
                || (_isConnected && (_broker is not null || Volatile.Read(ref _lastLost) > call.SentAt)))
            {
                return false;
            }

            Volatile.Write(ref _connectionGeneration, _connectionGeneration + 1);
            return true;
        }
    }

    /// <summary>
    /// Drops the connection, with the requests waiting in its queue (the session's pipe is terminated without linger),
    /// reports it lost, and connects again. A connect that fails (a host name that no longer resolves, while its server is
    /// down) leaves the socket with no endpoint at all, which ZeroMQ would never reconnect: the deadline timer then tries
    /// again every second until one succeeds, and sends fail at once, saying why.
    /// </summary>
    /// <returns>The queue dropped, with the connections made until then; <see langword="null"/> when there was none to drop, after a failed connect.</returns>
    private DroppedQueue? Reconnect()
    {
        DroppedQueue? dropped = null;
        _loop.RunOnLoop(socket =>
        {
            try
            {
                if (_connectFailure is null)
                {
                    // Dropped on purpose: its loss says nothing about the handshake.
                    _connectionProven = true;
                    socket.Disconnect(Endpoint);

                    // Read after the disconnection: NetMQ reports a connection before it lets the session send, so a
                    // connection not reported by now never sent what the queue dropped. NetMQ reports no loss for a
                    // connection dropped on purpose: it is reported here, so that the state and the event follow, and
                    // the next connection reads as made.
                    _loop.ReadConnectionEvents();
                    dropped = new(_queue++, Volatile.Read(ref _connectionsMade));
                    OnConnectionChanged(false);
                }

                socket.Connect(Endpoint);
                _connectFailure = null;
                OnInprocConnected();
            }
            catch (Exception exception)
            {
                // Whatever Connect throws, the socket is left without its endpoint: remember why, and try again.
                Log.ReconnectFailed(_logger, exception, _contract, Endpoint);
                _connectFailure = exception;
                Volatile.Write(ref _nextConnectAttempt, _time.GetTimestamp() + _time.TimestampFrequency);
            }
        });
        return dropped;
    }

    /// <summary>On the deadline timer: tries again a reconnection that failed, once its second has passed.</summary>
    private void RetryFailedConnect()
    {
        var due = Volatile.Read(ref _nextConnectAttempt);
        if (_connectFailure is not null && _time.GetTimestamp() >= due
            && Interlocked.CompareExchange(ref _nextConnectAttempt, long.MaxValue, due) == due)
        {
            // The socket had no endpoint, so no queue to drop.
            Reconnect();
        }
    }

    /// <summary>Reads replies until the socket is empty, under the loop's lock (the loop's receive callback).</summary>
    private bool ReceiveReplies(NetMQSocket socket)
    {
        var frames = _replyFrames;
        while (FrameReceiving.TryReceiveFrames(socket, frames, out var count, out var whole))
        {
            var now = _time.GetTimestamp();
            Volatile.Write(ref _lastReceived, now);
            _connectionProven = true;
            Volatile.Write(ref _silentStreak, 0);
            if (whole is null && count == ReplyFrames && _broker is null)
            {
                // The common reply, [correlation-id][][payload], read as its arrays: an error reply has more frames.
                if (CallOf(count, frames[0], frames[1]) is { } call)
                {
                    Succeed(call, frames[2]);
                }
            }
            else
            {
                Receive(whole ?? FrameReceiving.ToMessage(frames.AsSpan(0, count)), now);
            }

            frames.AsSpan().Clear();
        }

        return false;
    }

    /// <summary>Under the loop's lock: answers the call, or the <c>mmi.service</c> lookup, that a reply read whole answers.</summary>
    private void Receive(NetMQMessage message, long now)
    {
        if (_broker is not null && MajordomoClientFraming.TryReadServiceLookup(message, out var served))
        {
            Interlocked.Exchange(ref _serviceLookup, null)?.TrySetResult(served);
            return;
        }

        if (_broker is not null)
        {
            if (!_broker.TryUnwrap(message, out var brokered))
            {
                _untagged?.Add(null);
                return;
            }

            // From here on a brokered reply reads as a direct one: [correlation-id][][reply…].
            message.PushEmptyFrame();
            message.Push(EncodeCorrelationId(brokered));
        }

        var count = message.FrameCount;
        if (CallOf(count, count > 0 ? message[0].Span() : default, count > 1 ? message[1].Span() : default) is { } call)
        {
            Answer(call, message, now);
        }
    }

    /// <summary>
    /// The call a reply of <paramref name="frameCount"/> frames, starting <paramref name="correlationId"/> and
    /// <paramref name="delimiter"/>, answers; <see langword="null"/>, logged, for a malformed reply or a late one. A
    /// malformed reply that names a call in flight ends that call with the reason, instead of leaving it to time out.
    /// </summary>
    private PendingCall? CallOf(int frameCount, ReadOnlySpan<byte> correlationId, ReadOnlySpan<byte> delimiter)
    {
        var named = correlationId.Length == CorrelationIdLength && _pending.TryGetValue(BinaryPrimitives.ReadUInt64LittleEndian(correlationId), out var call)
            ? call
            : null;
        if (frameCount < ReplyFrames || correlationId.Length != CorrelationIdLength || !delimiter.IsEmpty)
        {
            if (_malformed.IsFirst(""))
            {
                Log.MalformedReply(_logger, _contract, Endpoint, frameCount);
            }

            if (named is not null)
            {
                Finish(named, new ZmqPayloadException(
                    $"{_contract}.{named.Operation.Name}: {Endpoint} sent a malformed reply: {frameCount} frame{(frameCount == 1 ? "" : "s")}" +
                    (delimiter.IsEmpty ? "" : " with no empty frame after the correlation id") +
                    ", where a reply is [correlation id][empty frame][payload] (docs/protocol.md)."));
            }

            return null;
        }

        if (named is null)
        {
            Log.LateReply(_logger, _contract, Endpoint);
        }

        return named;
    }

    /// <summary>Completes <paramref name="call"/> with its reply's <paramref name="payload"/>.</summary>
    private void Succeed(PendingCall call, ReadOnlyMemory<byte> payload)
    {
        _pending.TryRemove(call.Id, out _);
        call.TrySetResult(payload);
    }

    /// <summary>
    /// Completes <paramref name="call"/> with its reply, or with the error the reply carries, unless the reply says that
    /// the server is unavailable, or shut down while the handler ran, and the call may be sent again: then the call waits
    /// its backoff and is retried. Under the loop's lock, which is why nothing sends while it holds a call's lock.
    /// </summary>
    private void Answer(PendingCall call, NetMQMessage reply, long now)
    {
        if (!ErrorReply.IsError(reply, ReplyFrames - 1))
        {
            Succeed(call, reply[ReplyFrames - 1].Memory());
            return;
        }

        var error = ErrorReply.Decode(reply[ReplyFrames].Span(), $"{_contract}.{call.Operation.Name}: {Endpoint} replied with an error: ");
        var mayRetry = error.Code is ZmqErrorCode.Unavailable or ZmqErrorCode.Interrupted or ZmqErrorCode.WorkerLost;
        lock (call)
        {
            if (mayRetry && call.Operation.Idempotent)
            {
                // Waiting for a retry already, this is the answer to an earlier attempt.
                if (call.RetryAt != 0)
                {
                    return;
                }

                if (CanRetry(call, now))
                {
                    Log.RetryingAfterError(_logger, _contract, call.Operation.Name, Outcome(error.Code), call.Attempts, error.RemoteMessage);
                    ScheduleRetry(call, now);
                    return;
                }
            }

            Finish(call, mayRetry ? NotSentAgain(call, error) : error);
        }
    }

    /// <summary>
    /// The error for a call that found the server unavailable, that the server's shutdown cut short, or whose worker the
    /// broker lost (the last two say that the call may have run), and that may not, or may no more, be sent again.
    /// </summary>
    private ZmqRemoteException NotSentAgain(PendingCall call, ZmqRemoteException error)
    {
        var tries = call.Attempts == 1 ? "1 try" : $"{call.Attempts} tries";
        var why = call.Operation.Idempotent
            ? ""
            : $" {call.Operation.Name} is not [Idempotent], so it was not sent again.";
        return error.WithMessage($"{_contract}.{call.Operation.Name}: {Outcome(error.Code)} after {tries}: {error.RemoteMessage}.{why}");
    }

    /// <summary>
    /// What an attempt met, by the <paramref name="code"/> of its error reply: the server unavailable, the server's shutdown
    /// cutting the call short, or the broker answering that it lost the worker.
    /// </summary>
    private string Outcome(ZmqErrorCode code) => code switch
    {
        ZmqErrorCode.WorkerLost => $"{Peer} answered",
        ZmqErrorCode.Interrupted => $"{Endpoint} cut the call short",
        _ => $"{Endpoint} was unavailable",
    };

    private void OnSendFailed(NetMQMessage message, Exception? error)
    {
        if (CorrelationOf(message) is { } id && _pending.TryGetValue(id, out var call))
        {
            Finish(call, error as ObjectDisposedException ?? (Exception)new ZmqException(
                $"{_contract}.{call.Operation.Name}: the request could not be queued for {Endpoint}: " +
                (error?.Message ?? (_connectFailure is { } failure
                    ? $"not connected, since a reconnection failed: {failure.Message}"
                    : $"the send queue is full (high-water mark {_options.SendHighWatermark}).")),
                error));
        }
    }

    /// <summary>Under the socket's lock: a connection made or lost as the monitor reports it, not by this client's doing.</summary>
    private void OnConnectionReported(bool connected)
    {
        if (!connected && _isConnected)
        {
            Volatile.Write(ref _lastBroken, _time.GetTimestamp());
        }

        OnConnectionChanged(connected);
    }

    /// <summary>
    /// Under the socket's lock, after a connect that succeeded: over <c>inproc://</c>, the connection made, which NetMQ does
    /// not report (nor its loss: the client stays connected until it replaces the connection itself).
    /// </summary>
    private void OnInprocConnected()
    {
        if (_inproc)
        {
            OnConnectionChanged(true);
        }
    }

    /// <summary>Under the socket's lock: records the state and raises the event on the thread pool, one after the other.</summary>
    private void OnConnectionChanged(bool connected)
    {
        if (_isConnected == connected)
        {
            return;
        }

        _isConnected = connected;
        if (connected)
        {
            Interlocked.Increment(ref _connectionsMade);
            _queue++;
            _connectionProven = false;
        }
        else
        {
            Volatile.Write(ref _lastLost, _time.GetTimestamp());
            if (!_connectionProven)
            {
                Volatile.Write(ref _silentStreak, _silentStreak + 1);
                Interlocked.Increment(ref _silentDrops);
                if (_silentStreak == 2)
                {
                    Log.HandshakeFailing(_logger, _contract, Endpoint, HandshakeFailureCause);
                }
            }
        }

        var change = new ZmqConnectionEventArgs(connected, Endpoint);
        Log.ConnectionChanged(_logger, _contract, Endpoint, connected ? "made" : "lost");
        _notifications = _notifications.ContinueWith(
            _ =>
            {
                try
                {
                    ConnectionChanged?.Invoke(this, change);
                }
                catch (Exception exception)
                {
                    Log.ConnectionHandlerFailed(_logger, exception, _contract);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    /// <summary>
    /// What a deadline check leaves to do once the call's lock is released: reconnect first, then send the attempt; or,
    /// for a call that timed out with its request perhaps still queued, <paramref name="Undelivered"/> (<see cref="Expire"/>),
    /// reconnect, then fail it with the timeout that ended it (the <see cref="ZmqClientOptions.CallTimeout"/> when <paramref name="CallTimedOut"/>).
    /// </summary>
    private readonly record struct DueAttempt(bool Reconnect, ArraySegment<byte[]>? Request, bool Undelivered = false, bool CallTimedOut = false);

    /// <summary>The stretch of the socket's queue that a replacement of the connection dropped, and the connections made until then.</summary>
    private readonly record struct DroppedQueue(int Queue, long ConnectionsMade);

    /// <summary>The id of the call a request belongs to, as this client framed it.</summary>
    private ulong? CorrelationOf(NetMQMessage request)
    {
        if (_broker is not null)
        {
            return MajordomoClientFraming.TryReadId(request, out var id) ? id : null;
        }

        return request.FrameCount > 0 && request[0].MessageSize == CorrelationIdLength
            ? BinaryPrimitives.ReadUInt64LittleEndian(request[0].Span())
            : null;
    }

    private static byte[] EncodeCorrelationId(ulong id)
    {
        var bytes = new byte[CorrelationIdLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, id);
        return bytes;
    }
}
