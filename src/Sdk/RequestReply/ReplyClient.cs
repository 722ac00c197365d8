using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// The connection behind a generated request/reply client: one DEALER socket on its own poller thread,
/// any number of calls in flight, each reply matched to its call by a correlation id carried in the
/// ZeroMQ envelope (<c>[correlation-id][empty][operation][arguments…]</c>, see docs/protocol.md).
/// Thread-safe. Used by generated code.
/// </summary>
/// <remarks>
/// A call to an idempotent operation that gets no reply within the request timeout is sent again (the Lazy Pirate
/// pattern of the ZeroMQ guide), with the same correlation id, so that a late reply to any of its attempts completes it.
/// When the server has sent nothing at all since the timed-out attempt, the connection is replaced by a fresh one first:
/// a dead or half-open connection would swallow the retry too. See docs/guide.md for what that means for other calls.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReplyClient : IAsyncDisposable, IDisposable
{
    private const int CorrelationIdLength = sizeof(ulong);

    /// <summary>How long the doubling wait between attempts may grow.</summary>
    private static readonly TimeSpan MaxRetryBackoff = TimeSpan.FromSeconds(30);

    private readonly string _contract;
    private readonly ZmqClientOptions _options;
    private readonly ILogger _logger;
    private readonly IZmqSerializer _serializer;
    private readonly SocketLoop _loop;
    private readonly ConcurrentDictionary<ulong, PendingCall> _pending = new();
    private readonly object _reconnectGate = new();
    private long _lastCorrelationId;
    private long _lastReceived;
    private int _connectionGeneration;
    private Task _notifications = Task.CompletedTask;
    private volatile bool _isConnected;
    private int _disposed;

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
        _options = options ?? new ZmqClientOptions();
        _options.Validate();
        _logger = _options.Logger;
        _serializer = _options.SerializerFor(contractSerializer);
        Endpoint = endpoint;

        // No linger: calls still queued when the client closes have already failed with ObjectDisposedException.
        var socket = _options.Configure(new DealerSocket(), linger: TimeSpan.Zero);
        if (_options.HeartbeatInterval != Timeout.InfiniteTimeSpan)
        {
            socket.Options.HeartbeatInterval = _options.HeartbeatInterval;
            socket.Options.HeartbeatTimeout = _options.HeartbeatInterval * 3;
        }

        _loop = new SocketLoop(socket, ReceiveReplies, OnSendFailed);

        // Watched before connecting: the monitor drops what happens before it is attached, the first connection included.
        _loop.WatchConnections(OnConnectionChanged);
        try
        {
            socket.Connect(endpoint);
        }
        catch (Exception exception)
        {
            _loop.Dispose();
            throw new ZmqException($"{contract} client could not connect to {endpoint}: {exception.Message}", exception);
        }

        _loop.Start($"ZmqContracts {contract} client");
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

    /// <summary>How many calls are waiting for their reply.</summary>
    internal int PendingCalls => _pending.Count;

    /// <summary>Starts a request for <paramref name="operation"/>; add its arguments, then pass it to a <c>CallAsync</c> method.</summary>
    /// <param name="operation">The operation's name.</param>
    /// <param name="idempotent">Whether the operation is safe to repeat, so that a call that times out may be sent again.</param>
    public OutgoingRequest NewRequest(string operation, bool idempotent = false) => new(operation, idempotent, _serializer);

    /// <summary>Sends the request and completes when the server has replied.</summary>
    /// <exception cref="ZmqRemoteException">The server replied with an error.</exception>
    /// <exception cref="TimeoutException">No reply within <see cref="ZmqClientOptions.RequestTimeout"/>, after every attempt the call was allowed (one, unless the request is idempotent), or within <see cref="ZmqClientOptions.CallTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed before the reply came.</exception>
    /// <exception cref="ZmqPayloadException">An argument could not be serialized; nothing was sent.</exception>
    public async Task CallAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and returns the result the server replied with.</summary>
    /// <inheritdoc cref="CallAsync(OutgoingRequest, CancellationToken)" path="/exception"/>
    /// <exception cref="ZmqPayloadException">An argument could not be serialized (nothing was sent), or the reply could not be read as <typeparamref name="TResult"/>.</exception>
    public async Task<TResult> CallAsync<TResult>(OutgoingRequest request, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return PayloadFrames.Deserialize<TResult>(_serializer, reply.Payload, new("reply of {0}.{1}", _contract, request.Operation));
    }

    /// <summary>Fails every call in flight with an <see cref="ObjectDisposedException"/> and closes the socket.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var call))
            {
                call.TrySetException(new ObjectDisposedException(
                    $"{_contract}Client", $"The client was disposed while the call to {call.Operation} was waiting for its reply."));
            }
        }

        _loop.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<Reply> SendAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Failure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();

        var id = (ulong)Interlocked.Increment(ref _lastCorrelationId);
        var message = request.Message;
        message.Push(NetMQFrame.Empty);
        message.Push(EncodeCorrelationId(id));
        var call = new PendingCall(request.Operation, message, request.Idempotent ? _options.MaxAttempts : 1);
        _pending[id] = call;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Checked after registering the call, so that Dispose either sees the call or the call sees Dispose.
            ObjectDisposedException.ThrowIf(_disposed != 0, this);

            var backoff = _options.RetryBackoff;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!call.Task.IsCompleted)
                {
                    Send(call);
                }

                try
                {
                    var reply = await call.Task.WaitAsync(AttemptTimeout(started), cancellationToken).ConfigureAwait(false);
                    if (ErrorReply.IsError(reply.Message, reply.BodyStart))
                    {
                        throw ErrorReply.Decode(reply.Message[reply.BodyStart + 1].Span());
                    }

                    return reply;
                }
                catch (TimeoutException) when (call.Attempts < call.MaxAttempts && HasTimeLeft(started, backoff))
                {
                    Log.Retrying(_logger, _contract, request.Operation, Endpoint, call.Attempts);

                    // A late reply to any attempt ends the wait: it answers the call as well as the next attempt would.
                    // So does Dispose, which fails the call, should the socket close before the reconnection runs.
                    var readyToRetry = Task.WhenAll(ReconnectIfServerSilentAsync(call), Task.Delay(backoff, cancellationToken));
                    await Task.WhenAny(call.Task, readyToRetry).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxRetryBackoff.Ticks));
                }
            }
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(DescribeTimeout(call, request.Idempotent, Stopwatch.GetElapsedTime(started)));
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends one attempt of <paramref name="call"/>, noting when and over which connection.</summary>
    private void Send(PendingCall call)
    {
        call.Attempts++;
        call.SentAt = Stopwatch.GetTimestamp();
        call.Generation = Volatile.Read(ref _connectionGeneration);

        // A retry sends a copy: the frames are only read, and the socket may still hold the first message.
        _loop.Send(call.Attempts == 1 ? call.Message : new NetMQMessage(call.Message));
    }

    /// <summary>
    /// Replaces the connection when nothing at all has come from the server since <paramref name="call"/> was last sent
    /// and no other retry has replaced it since. A server that answers other calls is alive, and only this call is slow:
    /// the retry then goes over the same connection.
    /// </summary>
    private Task ReconnectIfServerSilentAsync(PendingCall call)
    {
        lock (_reconnectGate)
        {
            if (call.Generation != _connectionGeneration || Volatile.Read(ref _lastReceived) > call.SentAt)
            {
                return Task.CompletedTask;
            }

            Volatile.Write(ref _connectionGeneration, _connectionGeneration + 1);
        }

        Log.Reconnecting(_logger, _contract, Endpoint);
        return _loop.RunOnLoop(socket =>
        {
            // Once the client is disposed the loop runs this inline, on a closed socket: there is nothing left to reconnect.
            if (Volatile.Read(ref _disposed) == 0)
            {
                socket.Disconnect(Endpoint);
                socket.Connect(Endpoint);
            }
        });
    }

    /// <summary>How long the next attempt may wait: the request timeout, or what is left of the call timeout if that is less.</summary>
    private TimeSpan AttemptTimeout(long started)
    {
        var remaining = Remaining(started);
        if (remaining == Timeout.InfiniteTimeSpan)
        {
            return _options.RequestTimeout;
        }

        return _options.RequestTimeout == Timeout.InfiniteTimeSpan || remaining < _options.RequestTimeout ? remaining : _options.RequestTimeout;
    }

    /// <summary>Whether the call timeout leaves room for <paramref name="backoff"/> and another attempt.</summary>
    private bool HasTimeLeft(long started, TimeSpan backoff)
    {
        var remaining = Remaining(started);
        return remaining == Timeout.InfiniteTimeSpan || remaining > backoff;
    }

    /// <summary>What is left of the call timeout: never negative, and infinite when the call timeout is.</summary>
    private TimeSpan Remaining(long started) => _options.CallTimeout == Timeout.InfiniteTimeSpan
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromTicks(Math.Max(0, (_options.CallTimeout - Stopwatch.GetElapsedTime(started)).Ticks));

    private string DescribeTimeout(PendingCall call, bool idempotent, TimeSpan elapsed)
    {
        var tries = call.Attempts == 1 ? "1 try" : $"{call.Attempts} tries";
        var why = idempotent
            ? ""
            : $" {call.Operation} is not [Idempotent], so it was not sent again: the server may have run it.";
        return $"{_contract}.{call.Operation}: no reply from {Endpoint} after {tries} in {elapsed.TotalSeconds:0.###} s " +
            $"(RequestTimeout {_options.RequestTimeout.TotalSeconds:0.###} s).{why}";
    }

    private void ReceiveReplies(NetMQSocket socket)
    {
        var message = new NetMQMessage();
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref message))
        {
            Volatile.Write(ref _lastReceived, Stopwatch.GetTimestamp());
            if (message.FrameCount < 3 || message[0].MessageSize != CorrelationIdLength || !message[1].IsEmpty)
            {
                Log.MalformedReply(_logger, _contract, Endpoint, message.FrameCount);
            }
            else if (_pending.TryRemove(BinaryPrimitives.ReadUInt64LittleEndian(message[0].Span()), out var call))
            {
                call.TrySetResult(new Reply(message, BodyStart: 2));
                message = new NetMQMessage();
                continue;
            }
            else
            {
                Log.LateReply(_logger, _contract, Endpoint);
            }

            message.Clear();
        }
    }

    private void OnSendFailed(NetMQMessage message, Exception? error)
    {
        if (message.FrameCount > 0
            && message[0].MessageSize == CorrelationIdLength
            && _pending.TryRemove(BinaryPrimitives.ReadUInt64LittleEndian(message[0].Span()), out var call))
        {
            call.TrySetException(error as ObjectDisposedException ?? (Exception)new ZmqException(
                $"{_contract}.{call.Operation}: the request could not be queued for {Endpoint}: " +
                (error?.Message ?? $"the send queue is full (high-water mark {_options.SendHighWatermark})."),
                error));
        }
    }

    /// <summary>On the poller thread: records the state and raises the event on the thread pool, one after the other.</summary>
    private void OnConnectionChanged(bool connected)
    {
        if (_isConnected == connected)
        {
            return;
        }

        _isConnected = connected;
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

    private static byte[] EncodeCorrelationId(ulong id)
    {
        var bytes = new byte[CorrelationIdLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, id);
        return bytes;
    }

    /// <summary>A call waiting for its reply, and its attempts so far. Only the calling method changes the attempt fields.</summary>
    private sealed class PendingCall(string operation, NetMQMessage message, int maxAttempts)
        : TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string Operation { get; } = operation;

        /// <summary>The request with its envelope, as sent by every attempt.</summary>
        public NetMQMessage Message { get; } = message;

        public int MaxAttempts { get; } = maxAttempts;

        public int Attempts { get; set; }

        /// <summary>When the last attempt was sent, as a <see cref="Stopwatch"/> timestamp.</summary>
        public long SentAt { get; set; }

        /// <summary>Which connection the last attempt went over (see <c>_connectionGeneration</c>).</summary>
        public int Generation { get; set; }
    }

    private readonly record struct Reply(NetMQMessage Message, int BodyStart)
    {
        public ReadOnlyMemory<byte> Payload => Message[BodyStart].Memory();
    }
}
