using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Load;

/// <summary>
/// The floor of an asynchronous round trip as the runtime drives a socket: a DEALER and a ROUTER, each in the runtime's
/// own <see cref="SocketLoop"/> (the caller sends under the socket's lock; the thread pool, woken by the socket's
/// mailbox signal, reads), exchanging raw bytes, sent and read as the runtime sends and reads them
/// (<see cref="FrameSending"/>, <see cref="FrameReceiving"/>: no copy).
/// No serialization, no operation table, no correlation matching, no timers; the server answers inside its read, as
/// <see cref="ZmqServerOptions.HandleOnSocketThread"/> does. What a generated call costs above this is the typed layer's;
/// what this costs above a blocking REQ/REP pair is the price of not blocking (and, with protocol v1's frames, of the
/// frames: NetMQ's cost is per frame).
/// </summary>
internal sealed class AsyncFloorPair : IDisposable
{
    private const int CorrelationIdLength = sizeof(ulong);

    private static readonly NetMQFrame OperationFrame = new("Price"u8.ToArray());

    private readonly SocketLoop _server;
    private readonly SocketLoop _client;
    private readonly byte[] _request;

    /// <summary>The reply's payload, with protocol v1's frames; <see langword="null"/> for one frame, which the server echoes.</summary>
    private readonly byte[]? _reply;
    private long _lastCorrelationId;

    /// <summary>The call waiting for its reply, with one frame, which carries no correlation id.</summary>
    private TaskCompletionSource<byte[]>? _pending;

    /// <summary>The calls waiting for their replies, by correlation id, with protocol v1's frames.</summary>
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<byte[]>> _calls = new();

    private AsyncFloorPair(byte[] request, byte[]? reply)
    {
        _request = request;
        _reply = reply;
        _server = new SocketLoop("floor server", new RouterSocket(), Answer, static (_, _) => { }, reads: SocketReads.EventThread);
        var endpoint = _server.Bind("tcp://127.0.0.1:*").Endpoint;
        _server.Start();
        _client = new SocketLoop("floor client", new DealerSocket(), Complete, static (_, _) => { }, reads: SocketReads.EventThread);
        _client.Connect(endpoint);
        _client.Start();
    }

    /// <summary>Each request is <paramref name="payload"/> as one frame, and the server echoes it.</summary>
    public static AsyncFloorPair OneFrame(byte[] payload) => new(payload, null);

    /// <summary>
    /// Protocol v1's frames (docs/protocol.md): the client sends <c>[correlation-id][empty][operation][arguments]</c>,
    /// the server reads it with the client's identity in front and answers <c>[identity][correlation-id][empty][reply]</c>.
    /// </summary>
    public static AsyncFloorPair ProtocolV1(byte[] arguments, byte[] reply) => new(arguments, reply);

    /// <summary>The frames the client reads per reply, which NetMQ sizes the message for.</summary>
    private int ReplyFrames => _reply is null ? 1 : 3;

    /// <summary>The frames the server reads per request, the client's identity first.</summary>
    private int RequestFrames => _reply is null ? 2 : 5;

    /// <summary>
    /// Sends a request and completes with the reply's payload: one call at a time with one frame, any number at once with
    /// protocol v1's frames, whose replies are matched to their calls by correlation id.
    /// </summary>
    public Task<byte[]> CallAsync()
    {
        var pending = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_reply is null)
        {
            _pending = pending;
            _client.Send(new NetMQMessage([new NetMQFrame(_request)]));
        }
        else
        {
            var id = (ulong)Interlocked.Increment(ref _lastCorrelationId);
            _calls[id] = pending;
            _client.Send(NewRequest(id));
        }

        return pending.Task;
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    /// <summary>A request in protocol v1's frames, with the correlation id <paramref name="id"/>, as a client that may have many in flight sends it.</summary>
    private NetMQMessage NewRequest(ulong id)
    {
        var correlationId = new byte[CorrelationIdLength];
        BinaryPrimitives.WriteUInt64LittleEndian(correlationId, id);
        var request = new NetMQMessage(4);
        request.Append(correlationId);
        request.Append(NetMQFrame.Empty);
        request.Append(OperationFrame);
        request.Append(new NetMQFrame(_request));
        return request;
    }

    private bool Answer(NetMQSocket socket)
    {
        NetMQMessage? request = null;
        while (FrameReceiving.TryReceiveMessage(socket, ref request, RequestFrames))
        {
            FrameSending.TrySendMultipartMessage(socket, _reply is null ? request : ReplyTo(request, _reply));
            request = null;
        }

        return false;
    }

    /// <summary>The request's envelope, <c>[identity][correlation-id][empty]</c>, then the reply's payload.</summary>
    private static NetMQMessage ReplyTo(NetMQMessage request, byte[] payload)
    {
        var reply = new NetMQMessage(4);
        reply.Append(request[0]);
        reply.Append(request[1]);
        reply.Append(request[2]);
        reply.Append(new NetMQFrame(payload));
        return reply;
    }

    private bool Complete(NetMQSocket socket)
    {
        NetMQMessage? reply = null;
        while (FrameReceiving.TryReceiveMessage(socket, ref reply, ReplyFrames))
        {
            var call = _reply is null ? _pending
                : _calls.TryRemove(BinaryPrimitives.ReadUInt64LittleEndian(reply[0].Buffer), out var waiting) ? waiting
                : null;
            call?.TrySetResult(reply.Last.Buffer);
            reply = null;
        }

        return false;
    }
}
