using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>
/// A <see cref="IWorkStage"/> whose behaviour a test sets: it can hold every item at a gate until released, tell when an
/// item has started, and throw for chosen items.
/// </summary>
internal sealed class TestWorkStage(string id) : IWorkStage
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _blockingGate = new();
    private int _started;

    public string Id { get; } = id;

    /// <summary>Holds every item until <see cref="Release"/>.</summary>
    public bool Gated { get; init; }

    /// <summary>Holds the items it picks until <see cref="Release"/>.</summary>
    public Func<WorkItem, bool> GatedFor { get; init; } = _ => false;

    /// <summary>Waits at the gate whatever its cancellation token says, as a handler that ignores its token does.</summary>
    public bool IgnoresCancellation { get; init; }

    /// <summary>Waits at the gate holding its thread, before any await, whatever its cancellation token says.</summary>
    public bool BlocksThread { get; init; }

    /// <summary>Throws an <see cref="InvalidOperationException"/> for the items it picks.</summary>
    public Func<WorkItem, bool> FailsFor { get; init; } = _ => false;

    /// <summary>What an item that <see cref="FailsFor"/> selects throws.</summary>
    public Func<WorkItem, Exception> Failure { get; init; } = item => new InvalidOperationException($"item {item.Num} is cursed");

    /// <summary>Completes when <see cref="StartedWanted"/> items have started.</summary>
    public TaskCompletionSource StartedEnough { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int StartedWanted { get; init; } = 1;

    public int Started => Volatile.Read(ref _started);

    public void Release()
    {
        _gate.TrySetResult();
        _blockingGate.Set();
    }

    public async ValueTask<WorkResult> Process(WorkItem item, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _started) == StartedWanted)
        {
            StartedEnough.TrySetResult();
        }

        if ((Gated || GatedFor(item)) && BlocksThread)
        {
            _blockingGate.Wait(Within.Timeout);
        }
        else if (Gated || GatedFor(item))
        {
            await (IgnoresCancellation ? _gate.Task : _gate.Task.WaitAsync(cancellationToken));
        }

        if (FailsFor(item))
        {
            throw Failure(item);
        }

        return new WorkResult(item.Num, Id);
    }
}

internal sealed class TestReviewStage(string id) : IReviewStage
{
    public Task<Review> Review(WorkResult result) => Task.FromResult(new Review(result.Num, result.WorkerId, id));
}

internal sealed class TestTallySink(int expected) : ITallySink
{
    public ConcurrentDictionary<int, int> Recorded { get; } = new();

    public TaskCompletionSource AllRecorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Record(WorkItem item)
    {
        Recorded.AddOrUpdate(item.Num, 1, (_, count) => count + 1);
        if (Recorded.Count == expected)
        {
            AllRecorded.TrySetResult();
        }

        return Task.CompletedTask;
    }
}

internal sealed class TestMixedStage : IMixedStage
{
    public Task<WorkResult> Score(WorkItem item) => Task.FromResult(new WorkResult(item.Num, "mixed"));

    public Task Archive(WorkItem item) => Task.CompletedTask;
}
