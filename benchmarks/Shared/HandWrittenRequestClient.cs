using System;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Benchmarks.Shared;

/// <summary>The REQ client a NetMQ user writes by hand: send, then block for the reply, on the caller's thread.</summary>
public sealed class HandWrittenRequestClient : IDisposable
{
    // A bound, not a pace: a lost reply fails the run instead of hanging it.
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly RequestSocket _socket = new();
    private NetMQMessage? _reply;

    public HandWrittenRequestClient(string endpoint) => _socket.Connect(endpoint);

    public PriceReply Call(PriceRequest request)
    {
        var message = new NetMQMessage(2);
        HandWrittenCodec.AppendRequest(message, request);
        _socket.SendMultipartMessage(message);
        // The reply message is reused from call to call, as NetMQ allows.
        if (!_socket.TryReceiveMultipartMessage(ReplyTimeout, ref _reply))
        {
            throw new TimeoutException($"No reply within {ReplyTimeout.TotalSeconds} s.");
        }

        return HandWrittenCodec.ReadReply(_reply, bodyStart: 0);
    }

    public void Dispose() => _socket.Dispose();
}
