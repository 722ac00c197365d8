using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>Reading a batch of known size to its end: results and failures together, <c>ReadOutcomesAsync(count)</c>.</summary>
public class BatchOutcomeTests
{
    [Fact]
    public async Task A_batch_of_results_and_failures_is_read_to_its_end_and_the_reading_stops_there()
    {
        const int Items = 50;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w") { FailsFor = item => item.Num % 10 == 3 }, producer.Endpoint, collector.Endpoint);
        worker.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        var outcomes = await collector.ReadOutcomesAsync(Items, timeLimit.Token).ToListAsync(timeLimit.Token).AsTask().Bound();

        Assert.Equal(Items, outcomes.Count);
        var failed = outcomes.Where(outcome => !outcome.IsSuccess).ToList();
        Assert.Equal([3, 13, 23, 33, 43], failed.Select(outcome => outcome.IsSuccess ? outcome.Result.Num : outcome.Failure.ReadItem<WorkItem>().Num).Order());
        Assert.All(failed, outcome => Assert.Equal(ZmqErrorCode.HandlerFailed, outcome.Failure!.Error.Code));
        Assert.Contains("has no result", Assert.Throws<InvalidOperationException>(() => failed[0].Result).Message);
        Assert.Equal(
            Enumerable.Range(0, Items).Where(num => num % 10 != 3),
            outcomes.Where(outcome => outcome.IsSuccess).Select(outcome => outcome.Result.Num).Order());
    }

    [Fact]
    public async Task Failures_dropped_unread_past_MaxQueuedFailures_still_count_so_the_batch_is_read_to_its_end()
    {
        const int Items = 12;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { MaxQueuedFailures = 2 });
        await using var worker = new WorkStageWorker(new TestWorkStage("w") { FailsFor = item => item.Num % 2 == 1 }, producer.Endpoint, collector.Endpoint);
        worker.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        // Six failures arrive before any is read: four of them are dropped, as the options ask.
        Assert.True(SpinWait.SpinUntil(() => collector.FailureCount == Items / 2, Within.Timeout), $"{collector.FailureCount} failures arrived");
        using var timeLimit = PipelineTesting.TimeLimit();
        var outcomes = await collector.ReadOutcomesAsync(Items, timeLimit.Token).ToListAsync(timeLimit.Token).AsTask().Bound();

        Assert.Equal(Enumerable.Range(0, Items / 2).Select(half => half * 2), outcomes.Where(outcome => outcome.IsSuccess).Select(outcome => outcome.Result.Num).Order());
        var failures = outcomes.Where(outcome => !outcome.IsSuccess).Select(outcome => outcome.Failure!).ToList();
        Assert.Equal(Items / 2, failures.Count);

        // Each keeps the code of the failure it stands for, here handler-failed: what the code says of whether the item ran holds.
        Assert.All(failures, failure => Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Error.Code));
        Assert.Equal(2, failures.Count(failure => !failure.Item.IsEmpty && failure.ReadItem<WorkItem>().Num % 2 == 1));
        var dropped = failures.Where(failure => failure.Item.IsEmpty).ToList();
        Assert.Equal(4, dropped.Count);
        Assert.All(dropped, failure => Assert.Contains("a failure (handler-failed) was dropped unread, because 2 failures already waited to be read (ZmqCollectorOptions.MaxQueuedFailures)", failure.Error.Message));
        Assert.All(dropped, failure => Assert.Equal("", failure.Operation));
    }

    [Fact]
    public async Task A_collector_disposed_before_the_batch_is_complete_ends_the_reading_with_an_error_that_says_how_far_it_got()
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, collector.Endpoint);
        worker.Start();
        await producer.Process(new WorkItem(1)).Bound();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var outcomes = collector.ReadOutcomesAsync(3, timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(1, (await outcomes.TakeAsync(1)).Single().Result.Num);

        var waiting = outcomes.MoveNextAsync().AsTask();
        await collector.DisposeAsync();

        var disposed = await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.Bound());
        Assert.Contains("after 1 of the 3 outcomes", disposed.Message);
    }

    [Fact]
    public async Task A_cancelled_reading_ends_at_its_next_outcome_though_outcomes_are_still_waiting()
    {
        const int Items = 10;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w") { FailsFor = _ => true }, producer.Endpoint, collector.Endpoint);
        worker.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        Assert.True(SpinWait.SpinUntil(() => collector.FailureCount == Items, Within.Timeout), $"{collector.FailureCount} failures arrived");
        using var cancellation = new CancellationTokenSource();
        await using var failures = collector.ReadFailuresAsync(cancellation.Token).GetAsyncEnumerator();
        await using var outcomes = collector.ReadOutcomesAsync(Items, cancellation.Token).GetAsyncEnumerator();
        Assert.True(await failures.MoveNextAsync().AsTask().Bound());
        Assert.True(await outcomes.MoveNextAsync().AsTask().Bound());

        // Eight failures still wait: a reading that only heeded its token while none waited would go on reading them.
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => failures.MoveNextAsync().AsTask().Bound());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => outcomes.MoveNextAsync().AsTask().Bound());
    }
}
