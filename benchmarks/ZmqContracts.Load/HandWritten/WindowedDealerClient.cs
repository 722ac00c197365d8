using System;
using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// Many callers on one connection, the way a NetMQ user writes it by hand. A socket belongs to one thread, so the
/// callers are requests that thread keeps in flight on its DEALER: each carries its caller's number in the envelope
/// (<c>[caller][empty][operation][payload]</c>), and a reply lets that caller send its next request at once.
/// No queue, no task, no thread hop: the strongest hand-written baseline for a busy client.
/// </summary>
internal sealed class WindowedDealerClient : IDisposable
{
    // A bound, not a pace: a lost reply fails the run instead of hanging it.
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly DealerSocket _socket = new();
    private readonly int _callers;

    public WindowedDealerClient(string endpoint, int callers)
    {
        _callers = callers;
        _socket.Connect(endpoint);
    }

    /// <summary>Keeps every caller busy until <paramref name="duration"/> is up, waits for the last replies, and returns how many calls completed.</summary>
    public long Run(TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        for (var caller = 0; caller < _callers; caller++)
        {
            Send(caller);
        }

        long completed = 0;
        var inFlight = _callers;
        NetMQMessage? reply = null;
        while (inFlight > 0)
        {
            if (!_socket.TryReceiveMultipartMessage(ReplyTimeout, ref reply))
            {
                throw new TimeoutException($"No reply within {ReplyTimeout.TotalSeconds} s; {inFlight} calls were in flight.");
            }

            HandWrittenCodec.ReadReply(reply, bodyStart: 2);
            completed++;
            if (Stopwatch.GetTimestamp() < deadline)
            {
                Send(reply[0].ConvertToInt32());
            }
            else
            {
                inFlight--;
            }
        }

        return completed;
    }

    public void Dispose() => _socket.Dispose();

    private void Send(int caller)
    {
        var message = new NetMQMessage(4);
        message.Append(caller);
        message.AppendEmptyFrame();
        HandWrittenCodec.AppendRequest(message, Pricing.SampleRequest);
        _socket.SendMultipartMessage(message);
    }
}
