using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// The host behind a generated request/reply server: one ROUTER socket, and handlers that run off the thread that
/// reads it, with a bounded degree of parallelism. It serves one contract, or several on one
/// endpoint (ZmqContracts.Hosting), whose operations then need distinct names. Each reply echoes its request's whole
/// envelope, so REQ peers, DEALER clients and ROUTER/DEALER proxies all get their replies. Malformed
/// requests get an error reply (or, without an envelope, are dropped) and are logged; the server goes on.
/// With <see cref="ZmqServerOptions.ViaBroker"/> the socket is a DEALER connected to a Majordomo broker instead, and
/// <see cref="MajordomoWorkerLink"/> turns its REQUESTs into requests of the same form and its replies into REPLYs.
/// Used by generated code.
/// </summary>
/// <remarks>
/// With <see cref="ZmqServerOptions.HandleOnSocketThread"/>, the thread that reads a request starts its handler itself and, when the
/// handler completes at once, sends the reply itself: no queue, no worker, no hand-off. A handler that does not complete
/// at once goes on wherever its awaits resume, and the socket is read only while fewer than
/// <see cref="ZmqServerOptions.MaxConcurrency"/> such handlers are unfinished.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReplyServer : IZmqEndpoint, IAbandonable
{
    private const int MaxEnvelopeFrames = 32;
    private const int ReceiveBatch = 256;

    /// <summary>The frames of a request from a generated client: routing id, correlation id, delimiter, operation, argument.</summary>
    private const int RequestFrames = 5;

    private readonly string _contract;
    private readonly ZmqServerOptions _options;
    private readonly ILogger _logger;

    /// <summary>
    /// The requests refused or dropped, counted per reason: the first of each kind logged with its details, the next ones
    /// with their count, at most one line per kind and interval, and at the close (event 24), so that a peer that keeps
    /// sending them, or a full queue, cannot flood the log.
    /// </summary>
    private readonly RepeatedWarnings _refusals;
    private readonly ReplyOperation[] _operations;

    /// <summary>The serializer of each operation in <see cref="_operations"/>: its contract's, unless the options choose one.</summary>
    private readonly IZmqSerializer[] _serializers;

    /// <summary>The <c>{Contract}/{Operation}</c> of each operation in <see cref="_operations"/>: its spans' name and <c>rpc.method</c>.</summary>
    private readonly string[] _methods;
    private readonly SocketLoop _loop;
    private readonly MajordomoWorkerLink? _broker;
    private readonly HandOffQueue<IncomingRequest> _queue;
    private readonly ReceiveThrottle? _handlingOnSocketThread;

    /// <summary>Under the loop's lock: where the next request's frames are read, until a request keeps them.</summary>
    private byte[][] _requestFrames = new byte[RequestFrames][];
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Set, under the socket's lock, once the server stops taking requests: from then on it reads each to answer it <c>unavailable</c>.</summary>
    private bool _stopping;

    /// <summary>
    /// By handler loop, the request whose handler runs there, if any: with
    /// <see cref="_runningOnSocketThread"/>, what a close that gives up on them answers (<see cref="GiveUpOnTheRunning"/>).
    /// </summary>
    private readonly IncomingRequest?[] _runningByLoop;

    /// <summary>With <see cref="ZmqServerOptions.HandleOnSocketThread"/>, the requests whose handlers went on past their first await.</summary>
    private readonly ConcurrentDictionary<IncomingRequest, byte> _runningOnSocketThread = new();
    private readonly EndpointLifetime _lifetime;
    private Task[] _workers = [];

    /// <summary>The endpoint the spans name: as given until it is bound, then the address bound.</summary>
    private ServerAddress _server;

    /// <summary>Creates the server; <see cref="Start"/> binds it.</summary>
    /// <param name="endpoint">A ZeroMQ endpoint to bind, such as <c>tcp://127.0.0.1:*</c> for a free port.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="services">The contracts to serve on the endpoint: one, or several whose operations have distinct names.</param>
    /// <exception cref="ArgumentException">No contract, or two operations of the same name.</exception>
    public ReplyServer(string endpoint, ZmqServerOptions? options, params ReplyService[] services)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        ArgumentNullException.ThrowIfNull(services);
        if (services.Length == 0)
        {
            throw new ArgumentException("A server serves at least one contract.", nameof(services));
        }

        _contract = string.Join("+", services.Select(service => service.Contract));
        _options = ZmqSocketOptions.Validated(options);
        _logger = _options.ContainedLogger();
        _refusals = new RepeatedWarnings(RepeatedWarnings.DefaultInterval, (refusal, count) => Log.RefusedRequests(_logger, _contract, count, refusal, RepeatedWarnings.DefaultInterval));
        (_operations, _serializers, _methods) = OperationTable(services, _options);
        Endpoint = endpoint;
        _server = ServerAddress.Of(endpoint);
        _queue = new HandOffQueue<IncomingRequest>(_options.MaxQueuedRequests);

        var owner = $"{_contract}Server";
        var serverSocket = _options.ViaBroker ? (NetMQSocket)_options.NewSocket(owner, static () => new DealerSocket(), _options.Linger) : _options.NewSocket(owner, static () => new RouterSocket(), _options.Linger);
        if (!_options.ViaBroker)
        {
            serverSocket.Options.RouterMandatory = true;
        }

        // Made once: a method group passed at each read would be a new delegate each time.
        Func<NetMQMessage, bool> handleOnSocketThread = HandleOnSocketThread;
        Func<NetMQSocket, bool> receive = _options.HandleOnSocketThread
            ? socket => _stopping ? ReceiveRequests(socket) : _handlingOnSocketThread!.Receive(socket, handleOnSocketThread)
            : ReceiveRequests;
        _loop = new SocketLoop(owner, serverSocket, receive, ReplyUndeliverable, reads: _options.HandleOnSocketThread ? SocketReads.RunHandlers : SocketReads.EventThread, logger: _logger);
        _handlingOnSocketThread = _options.HandleOnSocketThread ? new ReceiveThrottle(_loop, _options.MaxConcurrency) : null;
        _runningByLoop = new IncomingRequest?[_options.HandleOnSocketThread ? 0 : _options.MaxConcurrency];
        _broker = _options.ViaBroker ? new MajordomoWorkerLink(_loop, endpoint, _options.ServiceName ?? _contract, _contract, _options) : null;
        _lifetime = new EndpointLifetime($"{_contract}Server", Serve, StopAsync);
    }

    /// <summary>
    /// The endpoint: as given until <see cref="Start"/>, then the address actually bound (the port chosen for <c>*</c>);
    /// with <see cref="ZmqServerOptions.ViaBroker"/>, the broker's endpoint.
    /// </summary>
    public string Endpoint { get; private set; }

    /// <summary>
    /// With <see cref="ZmqServerOptions.ViaBroker"/>, whether the broker is there: it has said something over the server's
    /// current connection to it, within <see cref="ZmqServerOptions.HeartbeatInterval"/> times
    /// <see cref="ZmqServerOptions.HeartbeatLiveness"/>; <see langword="null"/> without a broker. For health checks
    /// (ZmqContracts.Hosting).
    /// </summary>
    internal bool? IsBrokerLinkAlive => _broker?.IsAlive;

    /// <summary>Binds the endpoint and starts serving, unless started already; returns at once.</summary>
    /// <exception cref="ZmqException">The endpoint could not be bound; the message names it and says why.</exception>
    /// <exception cref="ObjectDisposedException">The server was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>
    /// Starts the server unless it is started, serves until <paramref name="cancellationToken"/> is cancelled or the
    /// server is disposed, then shuts down as <see cref="DisposeAsync"/> does.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The server was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Stops taking requests (answering those that arrive meanwhile <c>unavailable</c>), waits up to
    /// <see cref="ZmqServerOptions.DrainTimeout"/> for the requests already received to be answered, then cancels the
    /// handlers' token, answers <c>interrupted</c> for those that still run a second later, and closes. Takes at most the
    /// drain timeout plus 1.2 seconds (that second, and 200 ms after the last reply for NetMQ to write it), and what closing
    /// the socket takes after that (NetMQ closing the listener of the endpoint bound: tens of milliseconds, a few hundred on
    /// a loaded machine; less through a broker, which it only connects to), and returns once the endpoint is free for
    /// another bind. Calling it again returns the same task. Called from one of the
    /// server's own handlers (or work a handler started), it starts the shutdown and returns at once, since the shutdown
    /// waits for that handler too: the handler's reply goes out, then the server closes.
    /// </summary>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    /// <summary>The operations of every service in one table, each with its serializer and its <c>{Contract}/{Operation}</c>.</summary>
    /// <exception cref="ArgumentException">Two services have an operation of the same name: a request could not say which it calls.</exception>
    private static (ReplyOperation[] Operations, IZmqSerializer[] Serializers, string[] Methods) OperationTable(ReplyService[] services, ZmqServerOptions options)
    {
        var operations = new List<ReplyOperation>();
        var serializers = new List<IZmqSerializer>();
        var methods = new List<string>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            ArgumentNullException.ThrowIfNull(service, nameof(services));
            foreach (var operation in service.Operations)
            {
                if (!owners.TryAdd(operation.Name, service.Contract))
                {
                    throw new ArgumentException(
                        $"{owners[operation.Name]} and {service.Contract} both have an operation named '{operation.Name}': the contracts " +
                        "served on one endpoint need distinct operation names, since a request names only its operation (docs/protocol.md).",
                        nameof(services));
                }

                operations.Add(operation);
                serializers.Add(options.SerializerFor(service.ContractSerializer));
                methods.Add(RpcTelemetry.Method(service.Contract, operation.Name));
            }
        }

        return ([.. operations], [.. serializers], [.. methods]);
    }

    /// <summary>
    /// Cancels the handlers' token now instead of at the end of the drain timeout: for a host whose shutdown timeout runs
    /// out first (ZmqContracts.Hosting). Calls still queued then get an <see cref="ZmqErrorCode.Unavailable"/> reply, and
    /// calls whose handlers end by the cancellation an <see cref="ZmqErrorCode.Interrupted"/> one.
    /// </summary>
    internal void AbandonHandlers() => _lifetime.CancelHandlers(_shutdown, _logger);

    /// <inheritdoc cref="AbandonHandlers"/>
    void IAbandonable.AbandonHandlers() => AbandonHandlers();

    private void Serve()
    {
        if (_broker is null)
        {
            Endpoint = _loop.Bind(Endpoint).Endpoint;
            _server = ServerAddress.Of(Endpoint);
        }
        else
        {
            _loop.Connect(Endpoint);
        }

        _workers = new Task[_runningByLoop.Length];
        for (var i = 0; i < _workers.Length; i++)
        {
            var loop = i;
            _workers[i] = Task.Run(() => ServeQueueAsync(loop));
        }

        _loop.Start();
        _broker?.Start();
    }

    /// <summary>
    /// Stops taking requests, so that those read from now on, and those still in ZeroMQ's queue, are answered
    /// <c>unavailable</c> at once rather than left to their callers' timeouts; drains the requests taken; closes.
    /// </summary>
    private async Task StopAsync()
    {
        Task handled;
        if (_handlingOnSocketThread is { } throttle)
        {
            _loop.RunOnLoop(this, static (_, server) => server._stopping = true);
            throttle.Stop();
            handled = throttle.Drained;

            // The throttle no longer reads, and the reads that refuse do not go through it.
            _loop.ResumeReceiving();
        }
        else
        {
            _loop.RunOnLoop(this, static (_, server) =>
            {
                server._stopping = true;
                server._queue.Complete();
            });
            handled = Task.WhenAll(_workers);
        }

        if (!await EndpointLifetime.DrainAsync(handled, _options.DrainTimeout, _shutdown.Token, AbandonHandlers).ConfigureAwait(false))
        {
            Log.DrainTimedOut(_logger, _contract, _options.DrainTimeout);
        }

        AbandonHandlers();
        GiveUpOnTheRunning();
        _broker?.Disconnect();
        await _loop.CloseAsync().ConfigureAwait(false);

        // What the interval held back, so that the log accounts for every refusal.
        _refusals.Close();
    }

    /// <summary>Reads up to a batch of requests, under the loop's lock; returns whether it left some unread.</summary>
    private bool ReceiveRequests(NetMQSocket socket)
    {
        for (var i = 0; i < ReceiveBatch; i++)
        {
            var frames = _requestFrames;
            if (!FrameReceiving.TryReceiveFrames(socket, frames, out var count, out var whole))
            {
                return false;
            }

            if (whole is null && count == RequestFrames && _broker is null && ResolveFrames(frames) is { } request)
            {
                // The frames are the request's now, and its reply's.
                _requestFrames = new byte[RequestFrames][];
                Enqueue(request);
                continue;
            }

            var message = whole ?? FrameReceiving.ToMessage(frames.AsSpan(0, count));
            frames.AsSpan().Clear();
            if (FromBroker(message) is { } received && Resolve(received) is { } resolved)
            {
                Enqueue(resolved);
            }
        }

        return true;
    }

    private void Enqueue(IncomingRequest request)
    {
        if (_stopping)
        {
            Refuse(request, ZmqErrorCode.Unavailable, ShuttingDown);
        }
        else if (!_queue.TryWrite(request))
        {
            Refuse(request, ZmqErrorCode.Unavailable, $"the server is busy: {_options.MaxQueuedRequests} requests are already waiting for a handler");
        }
    }

    /// <summary>
    /// A generated client's request, <c>[routing-id][correlation-id][][operation][argument]</c>, resolved as its frames,
    /// with no message; <see langword="null"/> when it is not that (an operation unknown or of another arity, an argument
    /// that reads as a trace frame), to be resolved as a message, which refuses what is wrong.
    /// </summary>
    private IncomingRequest? ResolveFrames(byte[][] frames)
    {
        const int Envelope = 3;
        if (frames[1].Length == 0 || frames[Envelope - 1].Length != 0 || TraceContextFrame.IsTraceFrame(frames[Envelope + 1]))
        {
            return null;
        }

        var index = ReplyOperation.IndexOf(_operations, frames[Envelope]);
        if (index < 0 || _operations[index].ArgumentCount != 1)
        {
            return null;
        }

        return new IncomingRequest(frames, Envelope, Envelope + 1, _operations[index], _serializers[index], _methods[index])
        {
            Telemetry = ServerCallTelemetry.Read(_methods[index], _server, message: null, traceFrame: -1),
        };
    }

    /// <summary>
    /// Under the socket's lock, with <see cref="ZmqServerOptions.HandleOnSocketThread"/>: runs the handler here and replies
    /// at once if it completes at once. Returns true when the handler goes on elsewhere, holding its place until it replies.
    /// </summary>
    private bool HandleOnSocketThread(NetMQMessage message)
    {
        if (FromBroker(message) is not { } received || Resolve(received) is not { } request)
        {
            return false;
        }

        var handling = HandleAsync(request, onSocketThread: true);
        if (handling.IsCompleted)
        {
            return false;
        }

        _ = ReleaseWhenHandledAsync(request, handling);
        return true;
    }

    private async Task ReleaseWhenHandledAsync(IncomingRequest request, ValueTask handling)
    {
        _runningOnSocketThread.TryAdd(request, 0);
        try
        {
            await handling.ConfigureAwait(false);
        }
        finally
        {
            _runningOnSocketThread.TryRemove(request, out _);
            _handlingOnSocketThread!.Release();
        }
    }

    /// <summary>
    /// At the close, past the drain and the handlers' second: answers each request whose handler still runs, ignoring its
    /// token, <c>interrupted</c> (it may have run in part), so that its caller learns at once rather than at its timeout.
    /// The handler's own reply, if it ever ends, is then not sent.
    /// </summary>
    private void GiveUpOnTheRunning()
    {
        for (var loop = 0; loop < _runningByLoop.Length; loop++)
        {
            if (Volatile.Read(ref _runningByLoop[loop]) is { } request)
            {
                Refuse(request, ZmqErrorCode.Interrupted, CutShort);
            }
        }

        foreach (var request in _runningOnSocketThread.Keys)
        {
            Refuse(request, ZmqErrorCode.Interrupted, CutShort);
        }
    }

    /// <summary>The request <paramref name="message"/> makes; <see langword="null"/> when it is malformed, after refusing or dropping it.</summary>
    private IncomingRequest? Resolve(NetMQMessage message)
    {
        var envelopeLength = EnvelopeLength(message);
        if (envelopeLength < 0)
        {
            if (_refusals.IsFirst(Undelimited))
            {
                Log.MissingDelimiter(_logger, _contract, message.FrameCount);
            }

            return null;
        }

        var traceFrame = TraceFrameOf(message, envelopeLength);
        if (!TryResolve(message, envelopeLength, message.FrameCount - envelopeLength - (traceFrame < 0 ? 0 : 1), out var request, out var refusal))
        {
            var refused = ServerCallTelemetry.Read(refusal.Method, _server, message, traceFrame);
            Refuse(message, envelopeLength, refusal.Code, refusal.Reason);
            refused.Answered(ErrorReply.CodeName(refusal.Code), refusal.Reason);
            return null;
        }

        request.Telemetry = ServerCallTelemetry.Read(request.Method, _server, message, traceFrame);
        return request;
    }

    /// <summary>
    /// The index of the request's trace frame, or -1: the last frame of a body of two frames or more, when it starts with
    /// <c>zmqc.trace</c>. Not a body frame, whether or not anyone listens (docs/protocol.md, Trace context).
    /// </summary>
    private static int TraceFrameOf(NetMQMessage message, int envelopeLength) =>
        message.FrameCount - envelopeLength >= 2 && TraceContextFrame.IsTraceFrame(message.Last.Span()) ? message.FrameCount - 1 : -1;

    /// <summary>The number of frames up to and including the first empty one, or -1 if there is none within the limit.</summary>
    private static int EnvelopeLength(NetMQMessage message)
    {
        var limit = Math.Min(message.FrameCount, MaxEnvelopeFrames);
        for (var i = 1; i < limit; i++)
        {
            if (message[i].IsEmpty)
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Reads the body of <paramref name="bodyLength"/> frames after the envelope, the trace frame left out.</summary>
    private bool TryResolve(NetMQMessage message, int envelopeLength, int bodyLength, out IncomingRequest request, out (ZmqErrorCode Code, string Reason, string Method) refusal)
    {
        request = null!;
        if (bodyLength == 0)
        {
            refusal = (ZmqErrorCode.BadRequest, "the request has no body: expected [operation][arguments…]", RpcTelemetry.UnknownMethod);
            return false;
        }

        if (bodyLength == 1 && IsOnlyOperationsBareBody(message[envelopeLength]))
        {
            request = new IncomingRequest(message, envelopeLength, envelopeLength, _operations[0], _serializers[0], _methods[0]);
            refusal = default;
            return true;
        }

        var name = message[envelopeLength].Span();
        var index = ReplyOperation.IndexOf(_operations, name);
        if (index < 0)
        {
            refusal = (ZmqErrorCode.UnknownOperation, $"{_contract} has no operation named '{FrameExtensions.Printable(name)}'", RpcTelemetry.UnknownMethod);
            return false;
        }

        var operation = _operations[index];
        if (bodyLength - 1 < operation.ArgumentCount)
        {
            refusal = (ZmqErrorCode.BadRequest,
                $"{operation.Name} takes {operation.ArgumentCount} argument frames after the operation frame; the request has {bodyLength - 1}",
                _methods[index]);
            return false;
        }

        request = new IncomingRequest(message, envelopeLength, envelopeLength + 1, operation, _serializers[index], _methods[index]);
        refusal = default;
        return true;
    }

    /// <summary>
    /// Whether a body of the one frame <paramref name="frame"/> calls the server's only operation without naming it: it is
    /// the argument of a one-argument operation, or, for an operation without arguments, empty. Any other frame is read as
    /// an operation's name, so that <c>[Count]</c> from a client of a version of the contract with more operations is an
    /// unknown operation, not a call of this one (docs/protocol.md, Request).
    /// </summary>
    private bool IsOnlyOperationsBareBody(NetMQFrame frame) =>
        _operations.Length == 1 && _operations[0].ArgumentCount switch
        {
            0 => frame.IsEmpty,
            1 => true,
            _ => false,
        };

    private void Refuse(NetMQMessage request, int envelopeLength, ZmqErrorCode code, string reason)
    {
        LogRefusal(code, reason);
        Reply(request, envelopeLength, Refusal(code, reason), [], $"a request refused as {ErrorReply.CodeName(code)}");
    }

    /// <summary>
    /// The error reply of a refusal, its reason cut to fit the error frame into <see cref="ZmqSocketOptions.MaxMessageSize"/>:
    /// a reason quotes what the peer sent (an operation name), which JSON can make six times longer.
    /// </summary>
    private Failure Refusal(ZmqErrorCode code, string reason) => new(code, null, HandlerError.Fit(reason, null, _options.MaxMessageSize), null);

    /// <summary>
    /// Logs a reply the socket would not take: at Debug when its caller is gone (its connection closed before the reply,
    /// as a disposed client's does, which its call was told), as a warning otherwise (the caller's queue was full, or, with
    /// an exception, the socket failed).
    /// </summary>
    private void ReplyUndeliverable(NetMQMessage reply, Exception? error)
    {
        if (error is HostUnreachableException)
        {
            Log.ReplyToGoneCaller(_logger, _contract);
        }
        else
        {
            Log.ReplyUndeliverable(_logger, error, _contract);
        }
    }

    /// <summary>Logs a refusal: the first of its kind at once, the next ones counted (<see cref="_refusals"/>).</summary>
    private void LogRefusal(ZmqErrorCode code, string reason)
    {
        if (_refusals.IsFirst($"refused ({code}): {reason}"))
        {
            Log.RefusedRequest(_logger, _contract, code, reason);
        }
    }

    /// <summary>Refuses a request that was resolved, and ends its span with the refusal, unless its reply is claimed already.</summary>
    private void Refuse(IncomingRequest request, ZmqErrorCode code, string reason)
    {
        if (!request.TryClaimReply())
        {
            return;
        }

        LogRefusal(code, reason);
        request.Telemetry.Answered(ErrorReply.CodeName(code), reason);
        Reply(request, Refusal(code, reason));
    }

    /// <summary>
    /// Sends the reply to <paramref name="request"/>, which nothing reads any more: its result, or <paramref name="failure"/>.
    /// Written over the request's own frames, or its message, so that a reply costs no message of its own.
    /// </summary>
    private void Reply(IncomingRequest request, Failure? failure)
    {
        if (request.Frames is not { } frames)
        {
            Reply(request.Message!, request.EnvelopeLength, failure, request.Result, request.Operation.Name);
            return;
        }

        var count = request.EnvelopeLength;
        if (failure is { } error)
        {
            ErrorReply.Write(frames, count, error.Code, error.RemoteType, error.Message, error.ErrorId);
            count += 2;
        }
        else
        {
            frames[count++] = request.Result;
        }

        _loop.Send(new ArraySegment<byte[]>(frames, 0, count));
    }

    /// <summary>
    /// Sends the reply to a request read as a message, written over that message: <paramref name="result"/>, or
    /// <paramref name="failure"/>; <paramref name="answered"/> is what was asked, for the log: the operation, or what the
    /// refused request was.
    /// </summary>
    private void Reply(NetMQMessage request, int envelopeLength, Failure? failure, byte[] result, string answered)
    {
        var reply = ReplyEnvelope(request, envelopeLength);
        if (failure is { } error)
        {
            ErrorReply.Append(reply, error.Code, error.RemoteType, error.Message, error.ErrorId);
        }
        else
        {
            reply.Append(result);
        }

        Reply(reply, answered);
    }

    /// <summary>Through a broker, the request a message from it carries, in the server's form; otherwise the message itself. <see langword="null"/> when there is none.</summary>
    private NetMQMessage? FromBroker(NetMQMessage message) => _broker is null ? message : _broker.Receive(message);

    /// <summary>
    /// Sends a reply to <paramref name="answered"/> (the operation, or what the refused request was); through a broker, as a
    /// REPLY, unless its request came over an earlier connection (<see cref="ToBroker"/>).
    /// </summary>
    private void Reply(NetMQMessage reply, string answered)
    {
        // Through a broker, made and sent under the socket's lock, which a reconnection takes too: a reconnection between
        // the two would send the REPLY over the new connection, whose broker expects none and drops the worker for it.
        if (_broker is null || !_loop.Send((Server: this, Reply: reply, Answered: answered), static state => state.Server.ToBroker(state.Reply, state.Answered)))
        {
            // Direct, or the server is disposed, which Send reports.
            _loop.Send(reply);
        }
    }

    /// <summary>
    /// Under the socket's lock: the REPLY to send the broker, or <see langword="null"/> for a reply to a request that came
    /// over an earlier connection, which is dropped and logged (the first for its operation at once, the next ones counted
    /// in <see cref="_refusals"/>): the broker has forgotten the worker it gave the request to.
    /// </summary>
    private NetMQMessage? ToBroker(NetMQMessage reply, string answered)
    {
        if (_broker!.Reply(reply) is { } toBroker)
        {
            return toBroker;
        }

        if (_refusals.IsFirst($"answered after the link to the broker was replaced, their replies dropped ({answered})"))
        {
            Log.WorkerDroppedStaleReply(_logger, _contract, answered, Endpoint);
        }

        return null;
    }

    /// <summary>
    /// Makes <paramref name="request"/>, which nothing reads any more, its reply's envelope: its first
    /// <paramref name="envelopeLength"/> frames, the body dropped. In place, so that a reply costs no message of its own;
    /// rotated, since a <see cref="NetMQMessage"/> removes frames only from its front (its <c>RemoveFrame</c> removes the
    /// first frame equal to the one given, wherever it is).
    /// </summary>
    private static NetMQMessage ReplyEnvelope(NetMQMessage request, int envelopeLength)
    {
        for (var i = 0; i < envelopeLength; i++)
        {
            request.Append(request.Pop());
        }

        while (request.FrameCount > envelopeLength)
        {
            request.Pop();
        }

        return request;
    }

    /// <param name="loop">The loop's place in <see cref="_runningByLoop"/>.</param>
    private async Task ServeQueueAsync(int loop)
    {
        // The queue hands each request to one waiting worker, and a worker waits at no cost (benchmarks/FINDINGS.md).
        // Read here, in the worker's one state machine, rather than in a method of its own: that one would allocate its
        // own for every request it waits for.
        _lifetime.EnterHandler();
        var reader = _queue.NewReader();
        while (await reader.ReadAsync().ConfigureAwait(false) is { } request)
        {
            if (_shutdown.IsCancellationRequested)
            {
                Refuse(request, ZmqErrorCode.Unavailable, ShuttingDown);
                continue;
            }

            // Known as running from before its handler starts, which may block before its first await, in the loop's own
            // place: nothing allocated, nothing locked.
            Volatile.Write(ref _runningByLoop[loop], request);
            try
            {
                await HandleAsync(request, onSocketThread: false).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _runningByLoop[loop], null);
            }
        }
    }

    /// <summary>
    /// Runs the handler, with the request's span as <see cref="System.Diagnostics.Activity.Current"/>, and sends the
    /// reply; never throws. A ValueTask, so that a handler that completes at once costs no task.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="onSocketThread">
    /// Called in the read of its request (<see cref="ZmqServerOptions.HandleOnSocketThread"/>), whose flow this marks as a
    /// handler's (<see cref="EndpointLifetime.EnterHandler"/>); a loop of <see cref="ServeQueueAsync"/> has marked its own once.
    /// </param>
    private async ValueTask HandleAsync(IncomingRequest request, bool onSocketThread)
    {
        if (onSocketThread)
        {
            _lifetime.EnterHandler();
        }

        request.Telemetry.MakeCurrent();
        Failure? error = null;
        string? errorType = null;
        string? failure = null;
        try
        {
            await request.Operation.Handler(request, _shutdown.Token).ConfigureAwait(false);

            // A result the client's socket would drop the connection for fails the call here instead, with a fault that says so.
            MessageSizeLimit.ThrowIfResultOver(request.Result, _options.MaxMessageSize, new("the result of {0}.{1}", _contract, request.Operation.Name));
        }
        catch (RequestDecodingException exception)
        {
            LogRefusal(ZmqErrorCode.BadRequest, exception.Message);
            error = Refusal(ZmqErrorCode.BadRequest, exception.Message);
            (errorType, failure) = (ErrorReply.CodeName(ZmqErrorCode.BadRequest), exception.Message);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            error = new(ZmqErrorCode.Interrupted, null, CutShort, null);
            (errorType, failure) = (ErrorReply.CodeName(ZmqErrorCode.Interrupted), CutShort);
        }
        catch (Exception exception)
        {
            var handlerError = HandlerError.Of(exception, _options.IncludeExceptionDetails, _options.MaxMessageSize);
            if (handlerError.ErrorId is { } errorId)
            {
                Log.HandlerFailed(_logger, exception, _contract, request.Operation.Name, errorId);
            }
            else
            {
                Log.HandlerFaulted(_logger, _contract, request.Operation.Name, handlerError.Message);
            }

            error = new(ZmqErrorCode.HandlerFailed, handlerError.RemoteType, handlerError.Message, handlerError.ErrorId);
            (errorType, failure) = (Instrumentation.ErrorTypeOf(exception), HandlerError.MessageOf(exception));
        }

        // The handler has read its arguments: the request becomes the reply, unless the server gave up on it at its close.
        if (request.TryClaimReply())
        {
            request.Telemetry.Answered(errorType, failure);
            Reply(request, error);
        }
    }

    /// <summary>How a message without an envelope delimiter, which cannot be answered, is counted among the refusals.</summary>
    private const string Undelimited = "dropped, without an envelope delimiter to answer to";

    /// <summary>Why a request is answered <c>unavailable</c> once the server stops taking requests.</summary>
    private const string ShuttingDown = "the server is shutting down";

    /// <summary>
    /// Why a request whose handler the close cancelled, or gave up on, is answered <c>interrupted</c>, not <c>unavailable</c>:
    /// its handler started, so the call may have run.
    /// </summary>
    private const string CutShort = "the server shut down while the handler ran: the call may have run, in part or in full";

    /// <summary>What an error reply says: its code, the remote exception's type when it is told, its message and its error id.</summary>
    private readonly record struct Failure(ZmqErrorCode Code, string? RemoteType, string Message, string? ErrorId);
}
