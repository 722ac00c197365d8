using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts;

/// <summary>
/// The places of a <see cref="SocketLoop"/>'s outbox: a send takes one before it offers its message, and gives it back
/// once the socket took the message (or it failed). A place free when asked for is taken with one compare-and-swap, no
/// lock; a send that finds none waits in line, first come first served, until a place is given back, its token is
/// cancelled, or the room is closed. A <see cref="SemaphoreSlim"/> did the same with its own lock taken twice per
/// message, which the pipeline's producer and each worker's output paid for every item (benchmarks/FINDINGS.md,
/// "Sixteenth round: the send path's processor time").
/// </summary>
/// <param name="capacity">How many places there are.</param>
/// <param name="owner">The public type the loop serves, named by the <see cref="ObjectDisposedException"/> of a wait that <see cref="Close"/> ends.</param>
internal sealed class OutboxRoom(int capacity, string owner)
{
    /// <summary>The sends waiting for a place, first in line first; also the lock of the waits.</summary>
    private readonly LinkedList<Waiter> _waiters = [];

    private int _free = capacity;

    /// <summary><see cref="_waiters"/>' count, written under their lock, read without it.</summary>
    private int _waiting;

    private bool _closed;

    /// <summary>Takes a place if one is free and no send waits in line for one; never waits.</summary>
    public bool TryTake() => Volatile.Read(ref _waiting) == 0 && TryTakeFree();

    /// <summary>Completes once a place is taken for the caller, in turn behind those who waited before.</summary>
    /// <returns>
    /// A task that fails with an <see cref="OperationCanceledException"/> carrying <paramref name="cancellationToken"/>
    /// once it is cancelled, or with an <see cref="ObjectDisposedException"/> naming the owner once the room is closed,
    /// having taken no place.
    /// </returns>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (_waiters)
        {
            if (_closed)
            {
                return Task.FromException(Disposed());
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromException(new OperationCanceledException(cancellationToken));
            }

            // A full fence before the look at the free places: a Release that gives one back after this line sees the
            // waiter and wakes it, and one before it left the place for this look. No wake-up is lost between the two.
            Interlocked.Increment(ref _waiting);
            if (_waiters.Count == 0 && TryTakeFree())
            {
                Interlocked.Decrement(ref _waiting);
                return Task.CompletedTask;
            }

            var waiter = new Waiter(this, cancellationToken);
            _waiters.AddLast(waiter.Node);

            // Registered under the lock: a token cancelled meanwhile runs the callback here, which finds the waiter in line.
            waiter.Registration = cancellationToken.UnsafeRegister(static state => ((Waiter)state!).Cancel(), waiter);
            return waiter.Task;
        }
    }

    /// <summary>Gives a place back, to the first send waiting in line if one does.</summary>
    public void Release()
    {
        // A full fence before the look at the waiters, the other half of WaitAsync's.
        Interlocked.Increment(ref _free);
        if (Volatile.Read(ref _waiting) > 0)
        {
            lock (_waiters)
            {
                while (_waiters.First is { } first && TryTakeFree())
                {
                    Remove(first.Value).TrySetResult();
                }
            }
        }
    }

    /// <summary>Ends every wait, and every later one, with an <see cref="ObjectDisposedException"/> naming the owner; <see cref="TryTake"/> still takes what is free.</summary>
    public void Close()
    {
        lock (_waiters)
        {
            _closed = true;
            while (_waiters.First is { } first)
            {
                Remove(first.Value).TrySetException(Disposed());
            }
        }
    }

    private ObjectDisposedException Disposed() => new(owner, $"The {owner} was disposed while the send waited for room.");

    private bool TryTakeFree()
    {
        var free = Volatile.Read(ref _free);
        while (free > 0)
        {
            var seen = Interlocked.CompareExchange(ref _free, free - 1, free);
            if (seen == free)
            {
                return true;
            }

            free = seen;
        }

        return false;
    }

    /// <summary>Under the lock: takes <paramref name="waiter"/> out of line, for it to be completed.</summary>
    private Waiter Remove(Waiter waiter)
    {
        _waiters.Remove(waiter.Node);
        Interlocked.Decrement(ref _waiting);

        // Unregister, not Dispose: Dispose would wait for a cancellation callback under way, which waits for this lock.
        waiter.Registration.Unregister();
        return waiter;
    }

    /// <summary>A send waiting in line; its continuation runs on the thread pool, never under the lock that completes it.</summary>
    private sealed class Waiter : TaskCompletionSource
    {
        private readonly OutboxRoom _room;
        private readonly CancellationToken _cancellationToken;

        public Waiter(OutboxRoom room, CancellationToken cancellationToken)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _room = room;
            _cancellationToken = cancellationToken;
            Node = new LinkedListNode<Waiter>(this);
        }

        public LinkedListNode<Waiter> Node { get; }

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Ends the wait with its token, unless a place or the close ended it first.</summary>
        public void Cancel()
        {
            lock (_room._waiters)
            {
                if (Node.List is not null)
                {
                    _room.Remove(this).TrySetException(new OperationCanceledException(_cancellationToken));
                }
            }
        }
    }
}
