using System;
using System.Threading;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Benchmarks.Shared;

/// <summary>
/// The reply server a NetMQ user writes by hand: one thread owns a REP or ROUTER socket and answers each request
/// inline (read, <see cref="Pricing.Quote"/>, write) — no queue, no hand-off to other threads. The strongest
/// one-socket baseline NetMQ offers for small, fast handlers.
/// </summary>
public sealed class HandWrittenReplyServer : IDisposable
{
    // How often the serving thread looks at the stop flag while no request comes.
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(50);

    private readonly NetMQSocket _socket;
    private readonly Thread _thread;
    private volatile bool _stopping;

    private HandWrittenReplyServer(NetMQSocket socket, string endpoint)
    {
        _socket = socket;
        _socket.Bind(endpoint);
        Endpoint = _socket.Options.LastEndpoint ?? endpoint;
        _thread = new Thread(Serve) { IsBackground = true, Name = $"hand-written {socket.GetType().Name}" };
        _thread.Start();
    }

    /// <summary>The endpoint actually bound (the port chosen for <c>tcp://127.0.0.1:*</c>).</summary>
    public string Endpoint { get; }

    /// <summary>A REP server, for REQ clients.</summary>
    public static HandWrittenReplyServer Rep(string endpoint) => new(new ResponseSocket(), endpoint);

    /// <summary>A ROUTER server, for DEALER clients that keep many requests in flight.</summary>
    public static HandWrittenReplyServer Router(string endpoint) => new(new RouterSocket(), endpoint);

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        _socket.Dispose();
    }

    private void Serve()
    {
        var request = new NetMQMessage();
        while (!_stopping)
        {
            if (!_socket.TryReceiveMultipartMessage(StopCheckInterval, ref request))
            {
                continue;
            }

            var bodyStart = BodyStart(request);
            var reply = new NetMQMessage(bodyStart + 1);
            for (var i = 0; i < bodyStart; i++)
            {
                reply.Append(request[i]);
            }

            HandWrittenCodec.AppendReply(reply, Pricing.Quote(HandWrittenCodec.ReadRequest(request, bodyStart)));
            _socket.SendMultipartMessage(reply);
        }
    }

    /// <summary>The frame after the first empty one (a ROUTER's envelope), or 0 (REP has already removed it).</summary>
    private static int BodyStart(NetMQMessage message)
    {
        for (var i = 0; i < message.FrameCount; i++)
        {
            if (message[i].IsEmpty)
            {
                return i + 1;
            }
        }

        return 0;
    }
}
