using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The publisher's send path: callers queue messages; the socket thread takes them in batches, numbers each one in its
/// topic's stream, and hands it to the XPUB socket as <c>[topic][payload][position]</c> (<c>[topic][payload]</c> when
/// <see cref="ZmqPublisherOptions.NumberMessages"/> is off). Numbering on the socket thread
/// is what keeps the numbers in the order the messages go out, whatever threads publish.
/// </summary>
/// <remarks>
/// The socket thread is woken once per batch, not once per message: a caller that queues into an outbox already
/// scheduled to be drained does nothing more. An XPUB socket never refuses a message (past a subscriber's high-water
/// mark it drops it for that subscriber, which the subscriber detects by the gap in the numbers), so what is queued
/// is always sent; <c>OutboxCapacity</c> bounds how much may wait for the socket thread.
/// </remarks>
internal sealed class PublisherOutbox : IDisposable
{
    /// <summary>How many messages one wake-up sends at most, so that the socket thread gets to its other work.</summary>
    private const int Batch = 1024;

    private readonly SocketLoop _loop;
    private readonly byte[] _publisherId;
    private readonly SequenceTable? _sequences;
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private readonly ConcurrentQueue<Outgoing> _queue = new();
    private readonly SemaphoreSlim _places;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Action<NetMQSocket> _drain;
    private readonly object _gate = new();
    private int _drainScheduled;
    private bool _disposed;

    public PublisherOutbox(SocketLoop loop, byte[] publisherId, ZmqPublisherOptions options, string endpoint)
    {
        _loop = loop;
        _publisherId = publisherId;
        _sequences = options.NumberMessages ? new SequenceTable(options.MaxNumberedTopics) : null;
        _logger = options.Logger;
        _endpoint = endpoint;
        _places = new SemaphoreSlim(options.OutboxCapacity, options.OutboxCapacity);
        _drain = Drain;
    }

    /// <summary>Queues <paramref name="message"/>, waiting while <c>OutboxCapacity</c> messages wait for the socket thread.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting; nothing was queued.</exception>
    /// <exception cref="ObjectDisposedException">The publisher was disposed; nothing was queued.</exception>
    public ValueTask SendAsync(Outgoing message, CancellationToken cancellationToken)
    {
        if (_places.Wait(0))
        {
            Enqueue(message);
            return ValueTask.CompletedTask;
        }

        return WaitThenSendAsync(message, cancellationToken);
    }

    /// <summary>Sends what is queued, on the socket thread, and refuses anything more. Returns once that is done.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _disposing.Cancel();
        _loop.RunOnLoop(socket =>
        {
            var emptied = false;
            while (!emptied)
            {
                emptied = SendBatch(socket);
            }
        }).Wait();
        _disposing.Dispose();
    }

    private async ValueTask WaitThenSendAsync(Outgoing message, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
            await _places.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(ZmqPublisher), "The publisher was disposed while a publish waited for room.");
        }

        Enqueue(message);
    }

    private void Enqueue(Outgoing message)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                _places.Release();
                throw new ObjectDisposedException(nameof(ZmqPublisher), "The publisher was disposed before the message could be queued.");
            }

            _queue.Enqueue(message);
            ScheduleDrain();
        }
    }

    /// <summary>Under <see cref="_gate"/>: has the socket thread drain the queue, unless it is already due to or draining.</summary>
    private void ScheduleDrain()
    {
        if (Volatile.Read(ref _drainScheduled) == 0 && Interlocked.Exchange(ref _drainScheduled, 1) == 0)
        {
            _loop.RunOnLoop(_drain);
        }
    }

    /// <summary>
    /// On the socket thread: sends what is queued. The flag stays set while it runs, so that callers queue without
    /// waking the socket thread again; it is cleared once the queue is seen empty, and looked at once more after that.
    /// </summary>
    private void Drain(NetMQSocket socket)
    {
        do
        {
            if (!SendBatch(socket))
            {
                // More than a batch: the loop does its other work first. Scheduled from another thread, for on this
                // one the loop would run the drain at once.
                ThreadPool.UnsafeQueueUserWorkItem(static outbox => outbox.DrainAgainUnlessDisposed(), this, preferLocal: false);
                return;
            }

            Volatile.Write(ref _drainScheduled, 0);
        }
        while (!_queue.IsEmpty && Interlocked.Exchange(ref _drainScheduled, 1) == 0);
    }

    /// <summary>Schedules a drain that is already due (the flag is set); after disposal, the final drain sends what is left.</summary>
    private void DrainAgainUnlessDisposed()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _loop.RunOnLoop(_drain);
            }
        }
    }

    /// <summary>Sends up to a batch; returns whether the queue was emptied.</summary>
    private bool SendBatch(NetMQSocket socket)
    {
        var sent = 0;
        try
        {
            while (sent < Batch)
            {
                if (!_queue.TryDequeue(out var message))
                {
                    return true;
                }

                sent++;
                Send(socket, message);
            }

            return _queue.IsEmpty;
        }
        finally
        {
            if (sent > 0)
            {
                _places.Release(sent);
            }
        }
    }

    private void Send(NetMQSocket socket, Outgoing message)
    {
        try
        {
            if (message.Marker is { } marker)
            {
                socket.SendMultipartMessage(marker);
                return;
            }

            FrameSending.SendFrame(socket, message.Topic, more: true);
            FrameSending.SendFrame(socket, message.Payload, more: _sequences is not null);
            if (_sequences is not null)
            {
                var stream = _sequences.Get(0, message.Topic);
                stream.Sequence++;
                FrameSending.SendFrame(socket, FlowFrames.Position(_publisherId, stream.Sequence), more: false);
            }
        }
        catch (NetMQException exception)
        {
            Log.PublishFailed(_logger, exception, _endpoint);
        }
    }

    /// <summary>A message to publish, <c>[topic][payload]</c>, or a flow-control marker to send as it is.</summary>
    public readonly record struct Outgoing(byte[] Topic, byte[] Payload, NetMQMessage? Marker = null)
    {
        public static Outgoing ForMarker(NetMQMessage marker) => new([], [], marker);
    }
}
