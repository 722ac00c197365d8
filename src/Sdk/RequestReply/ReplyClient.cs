using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.ComponentModel;
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
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReplyClient : IAsyncDisposable, IDisposable
{
    private const int CorrelationIdLength = sizeof(ulong);

    private readonly string _contract;
    private readonly ZmqClientOptions _options;
    private readonly ILogger _logger;
    private readonly IZmqSerializer _serializer;
    private readonly SocketLoop _loop;
    private readonly ConcurrentDictionary<ulong, PendingCall> _pending = new();
    private long _lastCorrelationId;
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
        try
        {
            socket.Connect(endpoint);
        }
        catch (Exception exception)
        {
            socket.Dispose();
            throw new ZmqException($"{contract} client could not connect to {endpoint}: {exception.Message}", exception);
        }

        _loop = new SocketLoop(socket, ReceiveReplies, OnSendFailed);
        _loop.Start($"ZmqContracts {contract} client");
    }

    /// <summary>The endpoint this client connects to.</summary>
    public string Endpoint { get; }

    /// <summary>How many calls are waiting for their reply.</summary>
    internal int PendingCalls => _pending.Count;

    /// <summary>Starts a request for <paramref name="operation"/>; add its arguments, then pass it to a <c>CallAsync</c> method.</summary>
    public OutgoingRequest NewRequest(string operation) => new(operation, _serializer);

    /// <summary>Sends the request and completes when the server has replied.</summary>
    /// <exception cref="ZmqRemoteException">The server replied with an error.</exception>
    /// <exception cref="TimeoutException">No reply within <see cref="ZmqClientOptions.RequestTimeout"/>.</exception>
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
        return PayloadFrames.Deserialize<TResult>(_serializer, reply.Payload, $"reply of {_contract}.{request.Operation}");
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
        var call = new PendingCall(request.Operation);
        _pending[id] = call;
        try
        {
            // Checked after registering the call, so that Dispose either sees the call or the call sees Dispose.
            ObjectDisposedException.ThrowIf(_disposed != 0, this);

            var message = request.Message;
            message.Push(NetMQFrame.Empty);
            message.Push(EncodeCorrelationId(id));
            _loop.Send(message);

            var reply = await call.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
            if (ErrorReply.IsError(reply.Message, reply.BodyStart))
            {
                throw ErrorReply.Decode(reply.Message[reply.BodyStart + 1].Span());
            }

            return reply;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{_contract}.{request.Operation}: no reply from {Endpoint} within {_options.RequestTimeout.TotalSeconds:0.###} s.");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private void ReceiveReplies(NetMQSocket socket)
    {
        var message = new NetMQMessage();
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref message))
        {
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

    private static byte[] EncodeCorrelationId(ulong id)
    {
        var bytes = new byte[CorrelationIdLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, id);
        return bytes;
    }

    private sealed class PendingCall(string operation) : TaskCompletionSource<Reply>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string Operation { get; } = operation;
    }

    private readonly record struct Reply(NetMQMessage Message, int BodyStart)
    {
        public ReadOnlyMemory<byte> Payload => Message[BodyStart].Memory();
    }
}
