using System;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Load;

/// <summary>
/// The floor of an asynchronous round trip as the runtime drives a socket: a DEALER and a ROUTER, each in the runtime's
/// own <see cref="SocketLoop"/> (the caller sends under the socket's lock; the thread pool, woken by the socket's
/// mailbox signal, reads), exchanging raw bytes. No serialization, no operation table, no correlation ids, no timers;
/// the server answers inside its read, as <see cref="ZmqServerOptions.HandleOnSocketThread"/> does. What a generated call
/// costs above this is the typed layer's; what this costs above a blocking REQ/REP pair is the price of not blocking.
/// </summary>
internal sealed class AsyncFloorPair : IDisposable
{
    private readonly SocketLoop _server;
    private readonly SocketLoop _client;
    private TaskCompletionSource<byte[]>? _reply;

    public AsyncFloorPair()
    {
        _server = new SocketLoop("floor server", new RouterSocket(), Echo, static (_, _) => { });
        var endpoint = _server.Bind("tcp://127.0.0.1:*");
        _server.Start();
        _client = new SocketLoop("floor client", new DealerSocket(), Complete, static (_, _) => { });
        _client.Connect(endpoint);
        _client.Start();
    }

    /// <summary>Sends <paramref name="payload"/> and completes with the echo; one call at a time.</summary>
    public Task<byte[]> CallAsync(byte[] payload)
    {
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _reply = reply;
        _client.Send(new NetMQMessage([new NetMQFrame(payload)]));
        return reply.Task;
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private static void Echo(NetMQSocket socket)
    {
        NetMQMessage? request = null;
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref request))
        {
            socket.TrySendMultipartMessage(request);
            request = null;
        }
    }

    private void Complete(NetMQSocket socket)
    {
        NetMQMessage? reply = null;
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref reply))
        {
            _reply?.TrySetResult(reply[0].Buffer);
            reply = null;
        }
    }
}
