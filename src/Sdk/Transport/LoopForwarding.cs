using System.Collections.Concurrent;
using System.Threading;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// Hands messages read under one socket loop's lock to another loop, which sends them on the thread pool, outside the
/// first loop's lock. Two loops that forward to each other (a proxy's two sides) would otherwise each hold their own
/// lock while waiting for the other's. Messages keep their order; one work item drains whatever has gathered.
/// </summary>
internal sealed class LoopForwarding(SocketLoop to)
{
    private readonly ConcurrentQueue<NetMQMessage> _queue = new();

    /// <summary>Held while sending: by a drain, or by a stop's flush.</summary>
    private readonly object _sending = new();
    private int _draining;

    /// <summary>Queues <paramref name="message"/> for the other loop. Thread-safe.</summary>
    public void Add(NetMQMessage message)
    {
        _queue.Enqueue(message);
        if (Interlocked.Exchange(ref _draining, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static forwarding => forwarding.Drain(), this, preferLocal: true);
        }
    }

    /// <summary>
    /// Sends, on this thread, what has gathered and no work item has taken yet: for a stop, before the other loop closes.
    /// One sender at a time, so that a stop's flush and a work item's drain cannot send the last messages out of order.
    /// </summary>
    public void Flush()
    {
        lock (_sending)
        {
            while (_queue.TryDequeue(out var message))
            {
                to.Send(message);
            }
        }
    }

    /// <summary>
    /// Sends what has gathered; the flag is cleared once the queue is seen empty, and the queue looked at once more. The
    /// flag is cleared with a full fence: a plain write could still be on its way when the queue is looked at, and a
    /// message added then would find the flag set and be left there with no drain to come.
    /// </summary>
    private void Drain()
    {
        do
        {
            Flush();
            Interlocked.Exchange(ref _draining, 0);
        }
        while (!_queue.IsEmpty && Interlocked.Exchange(ref _draining, 1) == 0);
    }
}
