using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts;

/// <summary>
/// The prefixes a publisher's subscribers have subscribed to, as its XPUB socket reports them (each prefix once,
/// however many subscribers share it), and the callers waiting for a subscriber. Thread-safe.
/// </summary>
internal sealed class SubscriptionSet : IDisposable
{
    private readonly object _gate = new();
    private readonly List<byte[]> _prefixes = [];
    private readonly List<Waiter> _waiters = [];
    private bool _disposed;

    public void Add(ReadOnlySpan<byte> prefix)
    {
        var copy = prefix.ToArray();
        lock (_gate)
        {
            _prefixes.Add(copy);
            _waiters.RemoveAll(waiter => waiter.IsReachedBy(copy) && waiter.Completion.TrySetResult());
        }
    }

    public void Remove(ReadOnlySpan<byte> prefix)
    {
        lock (_gate)
        {
            for (var i = 0; i < _prefixes.Count; i++)
            {
                if (_prefixes[i].AsSpan().SequenceEqual(prefix))
                {
                    _prefixes.RemoveAt(i);
                    return;
                }
            }
        }
    }

    /// <summary>Completes once some subscription satisfies <paramref name="isReachedBy"/>.</summary>
    public async Task WaitAsync(Func<byte[], bool> isReachedBy, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(isReachedBy);
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(ZmqPublisher), "The publisher was disposed; no subscriber will come.");
            }

            if (_prefixes.Exists(prefix => isReachedBy(prefix)))
            {
                return;
            }

            _waiters.Add(waiter);
        }

        try
        {
            await waiter.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var waiter in _waiters)
            {
                waiter.Completion.TrySetException(new ObjectDisposedException(nameof(ZmqPublisher), "The publisher was disposed while waiting for a subscriber."));
            }

            _waiters.Clear();
        }
    }

    private sealed class Waiter(Func<byte[], bool> isReachedBy)
    {
        public Func<byte[], bool> IsReachedBy { get; } = isReachedBy;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
