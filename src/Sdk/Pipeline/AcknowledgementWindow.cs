using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// A producer's items that wait for their acknowledgement, in sequence order. A new item gets the next sequence number
/// only while it is less than <c>floor + capacity</c>, the floor being the lowest sequence number still pending: a window,
/// so that a collector never has to remember more than <c>capacity</c> sequence numbers above the floor. Thread-safe.
/// </summary>
/// <param name="capacity">How many items may wait for their acknowledgement.</param>
/// <param name="owner">The producer's public type, which a send refused after its close names.</param>
internal sealed class AcknowledgementWindow(int capacity, string owner)
{
    /// <summary>How many places the window starts with; it doubles, up to its capacity, as more items wait.</summary>
    private const int InitialPlaces = 1024;

    private readonly object _gate = new();

    /// <summary>
    /// The pending items, each at its sequence number modulo the length; acknowledged ones leave a null. The floor and the
    /// next number are less than the length apart, so no two items share a place.
    /// </summary>
    private PendingItem?[] _pending = new PendingItem?[Math.Min(capacity, InitialPlaces)];
    private int _count;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _awaited;

    /// <summary>The lowest sequence number still pending (the next one when none is).</summary>
    private long _floor;
    private long _next;
    private bool _closed;

    /// <summary>This producer's identity in every id it sends, and the topic of its acknowledgements.</summary>
    public Guid Producer { get; } = Guid.NewGuid();

    /// <summary>How many items wait for their acknowledgement.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Adds an item, waiting while the window is full. Returns it with the id it carries when it is sent now. It is not
    /// due again until <see cref="Sent"/> says its first delivery is on its way: until then the redelivery timer leaves it
    /// alone, however long that first send waits (for room in the outbox, or for a suspect sent alone).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    /// <exception cref="ObjectDisposedException">The window was closed: the producer is shutting down.</exception>
    public async ValueTask<(PendingItem Item, ItemId Id)> AddAsync(byte[] operation, byte[] payload, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_closed)
                {
                    throw new ObjectDisposedException(owner, $"The {owner} was disposed while the send waited for room in its acknowledgement window.");
                }

                if (_next - _floor < capacity)
                {
                    var item = new PendingItem(_next, operation, payload) { DueAt = long.MaxValue };
                    if (_next - _floor >= _pending.Length)
                    {
                        Grow();
                    }

                    _pending[PlaceOf(_next++)] = item;
                    _count++;
                    return (item, new ItemId(Producer, item.Sequence, _floor));
                }

                changed = _changed.Task;
                _awaited = true;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The id <paramref name="item"/> carries when it is sent now.</summary>
    public ItemId IdOf(PendingItem item)
    {
        lock (_gate)
        {
            return new ItemId(Producer, item.Sequence, _floor);
        }
    }

    /// <summary>
    /// Removes the items below <paramref name="floor"/> and those with these sequence numbers (8 bytes each,
    /// big-endian); unknown ones are ignored.
    /// </summary>
    public void Acknowledge(long floor, ReadOnlySpan<byte> sequences)
    {
        lock (_gate)
        {
            var removed = false;
            while (_floor < Math.Min(floor, _next))
            {
                removed |= TryRemove(_floor);
            }

            for (var i = 0; i + 8 <= sequences.Length; i += 8)
            {
                removed |= TryRemove(System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(sequences[i..]));
            }

            if (removed)
            {
                SignalChange();
            }
        }
    }

    /// <summary>Removes one item (abandoned, or never sent).</summary>
    public void Remove(long sequence)
    {
        lock (_gate)
        {
            if (TryRemove(sequence))
            {
                SignalChange();
            }
        }
    }

    /// <summary>Takes no more items: those waiting for room, and any added later, fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            SignalChange();
        }
    }

    private int PlaceOf(long sequence) => (int)(sequence % _pending.Length);

    private bool IsPending(long sequence) => sequence >= _floor && sequence < _next && _pending[PlaceOf(sequence)] is not null;

    /// <summary>Removes an item, and raises the floor past the places left empty when it was the oldest.</summary>
    private bool TryRemove(long sequence)
    {
        if (!IsPending(sequence))
        {
            return false;
        }

        _pending[PlaceOf(sequence)] = null;
        _count--;
        while (_floor < _next && _pending[PlaceOf(_floor)] is null)
        {
            _floor++;
        }

        return true;
    }

    /// <summary>Doubles the places, up to the capacity, each item moving to its place in the new length.</summary>
    private void Grow()
    {
        var grown = new PendingItem?[(int)Math.Min(capacity, 2L * _pending.Length)];
        for (var sequence = _floor; sequence < _next; sequence++)
        {
            grown[sequence % grown.Length] = _pending[PlaceOf(sequence)];
        }

        _pending = grown;
    }

    /// <summary>Wakes whoever waits for room or for the window to empty; a new signal is made only once the last one was awaited.</summary>
    private void SignalChange()
    {
        if (!_awaited)
        {
            return;
        }

        _awaited = false;
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>
    /// The items whose deadline has passed: those delivered <paramref name="maxDeliveries"/> times are removed and go to
    /// <paramref name="abandoned"/>; those delivered once go to <paramref name="redeliver"/>, due again after
    /// <paramref name="deadline"/>. One whose redelivery failed as well is a suspect, to be sent alone: the oldest goes to
    /// <paramref name="suspect"/>, due again after <paramref name="deadline"/>, and the others wait their turn, their
    /// deadline stopped.
    /// </summary>
    public void TakeDue(TimeSpan deadline, int maxDeliveries, List<PendingItem> redeliver, List<PendingItem> abandoned, out PendingItem? suspect)
    {
        suspect = null;
        var now = Environment.TickCount64;
        lock (_gate)
        {
            for (var sequence = _floor; sequence < _next; sequence++)
            {
                if (_pending[PlaceOf(sequence)] is not { } item || item.DueAt > now)
                {
                    continue;
                }

                if (item.Deliveries >= maxDeliveries)
                {
                    abandoned.Add(item);
                    continue;
                }

                if (item.Deliveries > 1)
                {
                    if (suspect is not null)
                    {
                        continue;
                    }

                    suspect = item;
                }
                else
                {
                    redeliver.Add(item);
                }

                item.Deliveries++;
                item.DueAt = now + (long)deadline.TotalMilliseconds;
            }
        }

        foreach (var item in abandoned)
        {
            Remove(item.Sequence);
        }
    }

    /// <summary>Notes that the first delivery of <paramref name="item"/> is on its way: it is due again after <paramref name="deadline"/>.</summary>
    public void Sent(PendingItem item, TimeSpan deadline)
    {
        lock (_gate)
        {
            item.DueAt = Environment.TickCount64 + (long)deadline.TotalMilliseconds;
        }
    }

    /// <summary>Completes when no item is pending, or after <paramref name="timeout"/>; returns how many are still pending.</summary>
    public async Task<int> WaitEmptyAsync(TimeSpan timeout)
    {
        await WaitUntilAsync(() => _count == 0, Environment.TickCount64 + (long)timeout.TotalMilliseconds, CancellationToken.None).ConfigureAwait(false);
        return Count;
    }

    /// <summary>Completes when <paramref name="item"/> is acknowledged (true) or its deadline has passed (false).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public Task<bool> WaitAcknowledgedAsync(PendingItem item, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => !IsPending(item.Sequence), item.DueAt, cancellationToken);

    /// <summary>
    /// Completes when <paramref name="condition"/>, checked under the lock at each change, holds (true) or at
    /// <paramref name="deadline"/> (false). Each wait for a change withdraws its timer when the change comes: left
    /// running, one timer per change, each until the deadline, piled up while acknowledgements came one by one.
    /// </summary>
    private async Task<bool> WaitUntilAsync(Func<bool> condition, long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition())
                {
                    return true;
                }

                changed = _changed.Task;
                _awaited = true;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                return false;
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(left), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}

/// <summary>An item that waits for its acknowledgement: what to send again, and when.</summary>
internal sealed class PendingItem(long sequence, byte[] operation, byte[] payload)
{
    public long Sequence { get; } = sequence;

    public byte[] Operation { get; } = operation;

    public byte[] Payload { get; } = payload;

    /// <summary>How many times it was sent; the first send counts.</summary>
    public int Deliveries { get; set; } = 1;

    /// <summary>When, in <see cref="Environment.TickCount64"/> milliseconds, it is sent again unless acknowledged; <see cref="long.MaxValue"/> until its first delivery is on its way.</summary>
    public long DueAt { get; set; }

    /// <summary>The trace frame every delivery carries last, the context of the send that queued it; <see langword="null"/> when untraced.</summary>
    public byte[]? TraceFrame { get; set; }
}
