using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>
/// A worker with the default options takes items ahead of those it runs; closing it gracefully must still finish, or
/// report as failed, every item ZeroMQ had handed it.
/// </summary>
public class GracefulCloseTests
{
    private const int Items = 600;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_worker_disposed_with_items_taken_ahead_finishes_or_reports_each_and_the_other_worker_does_the_rest(bool releasedWithinDrain)
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var closingStage = new TestWorkStage("closing") { GatedFor = item => item.Num >= 0 };
        await using var closing = RuntimeWorker(closingStage, producer, collector, new ZmqWorkerOptions
        {
            MaxConcurrency = 1,
            DrainTimeout = releasedWithinDrain ? Within.Timeout : TimeSpan.FromMilliseconds(200),
        });
        await using var staying = RuntimeWorker(new TestWorkStage("staying"), producer, collector, new ZmqWorkerOptions());
        closing.Start();
        staying.Start();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using (var warmUp = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator())
        {
            await PipelineTesting.WarmUpAsync(producer, warmUp, ["closing", "staying"]);
        }

        var closingWarmUps = closing.ItemsTaken;
        var warmUps = closingWarmUps + staying.ItemsTaken;
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num), timeLimit.Token);
        }

        // Every item has reached a worker, none is on its way any more when the closing one disconnects; that one runs
        // its first and holds the others.
        Assert.True(SpinWait.SpinUntil(() => closing.ItemsTaken + staying.ItemsTaken == warmUps + Items, Within.Timeout), $"{closing.ItemsTaken} + {staying.ItemsTaken} items taken");
        Assert.True(SpinWait.SpinUntil(() => closingStage.Started == closingWarmUps + 1, Within.Timeout), $"{closingStage.Started} items started");
        var inHand = closing.ItemsTaken - closingWarmUps;
        Assert.True(inHand > 10, $"the closing worker took only {inHand} items");

        var disposing = closing.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "the worker closed with items in hand");
        if (releasedWithinDrain)
        {
            closingStage.Release();
        }

        await disposing.WaitAsync(Within.Timeout);
        var outcomes = await collector.ReadOutcomesAsync(Items, timeLimit.Token).ToListAsync(timeLimit.Token).AsTask().WaitAsync(Within.Timeout);
        Assert.Equal(Enumerable.Range(0, Items), outcomes.Select(outcome => outcome.IsSuccess ? outcome.Result.Num : outcome.Failure.ReadItem<WorkItem>().Num).Order());
        var failures = outcomes.Where(outcome => !outcome.IsSuccess).Select(outcome => outcome.Failure!).ToList();
        if (releasedWithinDrain)
        {
            Assert.Empty(failures);
            Assert.Equal(inHand, outcomes.Count(outcome => outcome.IsSuccess && outcome.Result.WorkerId == "closing"));
        }
        else
        {
            Assert.Equal(inHand, failures.Count);
            Assert.All(failures, failure => Assert.Equal(ZmqErrorCode.Unavailable, failure.Error.Code));
            Assert.Equal(inHand, closing.ItemsFailed);
        }
    }

    [Fact]
    public async Task A_worker_disposed_while_the_producer_sends_accounts_for_every_item_it_took()
    {
        const int Sent = 10_000;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { MaxQueuedResults = Sent });
        var closingStage = new TestWorkStage("closing");
        var options = new ZmqWorkerOptions { MaxConcurrency = 1, DrainTimeout = Within.Timeout };
        await using var closing = RuntimeWorker(closingStage, producer, collector, options);
        await using var staying = RuntimeWorker(new TestWorkStage("staying"), producer, collector, options);
        closing.Start();
        staying.Start();
        using (var warmUpLimit = PipelineTesting.TimeLimit())
        {
            await using var warmUp = collector.ReadAllAsync(warmUpLimit.Token).GetAsyncEnumerator();
            await PipelineTesting.WarmUpAsync(producer, warmUp, ["closing", "staying"]);
        }

        var warmUps = closing.ItemsTaken + staying.ItemsTaken;
        using var sendLimit = PipelineTesting.TimeLimit();
        var sending = Task.Run(async () =>
        {
            for (var num = 0; num < Sent; num++)
            {
                await producer.Process(new WorkItem(num), sendLimit.Token);
            }
        });

        // Mid-stream: the closing worker has done some items, holds more, and the producer goes on sending.
        Assert.True(SpinWait.SpinUntil(() => closingStage.Started > Items, Within.Timeout), "the closing worker never got going");
        await closing.DisposeAsync().AsTask().WaitAsync(Within.Timeout);
        await sending.WaitAsync(Within.Timeout);
        await staying.DisposeAsync().AsTask().WaitAsync(Within.Timeout);

        // Both workers are closed: every item either of them took has come to the collector, once. What was on its way to
        // the closing worker when it disconnected is ZeroMQ's to lose (ZmqWorkerOptions.Prefetch).
        var taken = (int)(closing.ItemsTaken + staying.ItemsTaken - warmUps);
        using var readLimit = PipelineTesting.TimeLimit();
        var outcomes = await collector.ReadOutcomesAsync(taken, readLimit.Token).ToListAsync(readLimit.Token).AsTask().WaitAsync(Within.Timeout);
        var nums = outcomes.Select(outcome => outcome.IsSuccess ? outcome.Result.Num : outcome.Failure.ReadItem<WorkItem>().Num).ToList();
        Assert.Equal(taken, nums.Distinct().Count());
        Assert.All(nums, num => Assert.InRange(num, 0, Sent - 1));
        Assert.Equal(closing.ItemsTaken, closing.ItemsProcessed + closing.ItemsFailed);
    }

    /// <summary>The worker a generated <c>WorkStageWorker</c> runs, with its count of the items it took from its socket.</summary>
    private static PipelineWorker RuntimeWorker(IWorkStage stage, WorkStageProducer producer, WorkStageCollector collector, ZmqWorkerOptions options) =>
        new("WorkStage", producer.Endpoint, collector.Endpoint, options, ZmqSerializers.MessagePack, PipelineFraming.Payload,
        [
            new PipelineOperation("Process", producesResult: true, async (item, cancellationToken) =>
                item.SetResult(await stage.Process(item.Read<WorkItem>(), cancellationToken).ConfigureAwait(false))),
        ]);
}
