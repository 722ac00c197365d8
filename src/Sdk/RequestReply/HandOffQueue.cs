using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace ZmqContracts.Runtime;

/// <summary>
/// A bounded queue that hands each item to one waiting reader, as a bounded channel does, but whose readers wait at no
/// cost: each reader is made once and waits on itself, where a channel allocates a wait for every read that finds it
/// empty but one. Items wait in the queue only while no reader waits. Thread-safe.
/// </summary>
/// <param name="capacity">How many items may wait for a reader before <see cref="TryWrite"/> refuses more.</param>
internal sealed class HandOffQueue<T>(int capacity)
    where T : class
{
    private readonly object _gate = new();
    private readonly Queue<T> _items = new();
    private readonly Stack<Reader> _waiting = new();
    private bool _completed;

    /// <summary>Makes a reader: one per task that reads, which reads one item at a time.</summary>
    public Reader NewReader() => new(this);

    /// <summary>Hands <paramref name="item"/> to a waiting reader, or queues it; false when the queue is full or completed.</summary>
    public bool TryWrite(T item)
    {
        Reader? reader;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            if (!_waiting.TryPop(out reader))
            {
                if (_items.Count >= capacity)
                {
                    return false;
                }

                _items.Enqueue(item);
                return true;
            }
        }

        reader.Hand(item);
        return true;
    }

    /// <summary>Takes no more items: the readers get what is queued, then <see langword="null"/>.</summary>
    public void Complete()
    {
        Reader[] waiting;
        lock (_gate)
        {
            _completed = true;
            waiting = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var reader in waiting)
        {
            reader.Hand(null);
        }
    }

    /// <summary>
    /// One reader of the queue, which waits on itself. An item handed to it goes through the thread pool's global queue,
    /// as a channel's does, so that another thread takes it up while the writer goes on: the reader is its own work item,
    /// which ends the wait there and runs the reader's continuation.
    /// </summary>
    internal sealed class Reader(HandOffQueue<T> queue) : IValueTaskSource<T?>, IThreadPoolWorkItem
    {
        private ManualResetValueTaskSourceCore<T?> _handed;
        private T? _item;

        /// <summary>The next item, once there is one; <see langword="null"/> once the queue is completed and empty. One read at a time.</summary>
        public ValueTask<T?> ReadAsync()
        {
            lock (queue._gate)
            {
                if (queue._items.TryDequeue(out var item))
                {
                    return new(item);
                }

                if (queue._completed)
                {
                    return new((T?)null);
                }

                _handed.Reset();
                queue._waiting.Push(this);
            }

            return new(this, _handed.Version);
        }

        T? IValueTaskSource<T?>.GetResult(short token) => _handed.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<T?>.GetStatus(short token) => _handed.GetStatus(token);

        void IValueTaskSource<T?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _handed.OnCompleted(continuation, state, token, flags);

        void IThreadPoolWorkItem.Execute()
        {
            var item = _item;
            _item = null;
            _handed.SetResult(item);
        }

        /// <summary>Ends the wait of this reader, which the queue took off its waiting readers, on the thread pool.</summary>
        internal void Hand(T? item)
        {
            _item = item;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}
