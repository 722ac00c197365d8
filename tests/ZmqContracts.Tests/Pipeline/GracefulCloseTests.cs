using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
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
        await using var closing = RuntimeWorker(closingStage, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions
        {
            MaxConcurrency = 1,
            DrainTimeout = releasedWithinDrain ? Within.Timeout : TimeSpan.FromMilliseconds(200),
        });
        await using var staying = RuntimeWorker(new TestWorkStage("staying"), producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions());
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
            // The one item running was cut short, and may have run; those taken ahead never started.
            Assert.Equal(inHand, failures.Count);
            Assert.Single(failures, failure => failure.Error.Code == ZmqErrorCode.Interrupted);
            Assert.Equal(inHand - 1, failures.Count(failure => failure.Error.Code == ZmqErrorCode.Unavailable));
            Assert.Equal(inHand, closing.ItemsFailed);
        }
    }

    [Fact]
    public async Task A_worker_that_binds_its_input_unbinds_it_on_closing_and_finishes_every_item_it_took()
    {
        const int Sent = 300;
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stage = new TestWorkStage("bound") { Gated = true };
        await using var worker = RuntimeWorker(stage, Loopback.AnyPort, collector.Endpoint, new ZmqWorkerOptions { BindInput = true, MaxConcurrency = 1, DrainTimeout = Within.Timeout });
        using var producer = StartAndFeed(worker, Sent);

        var disposing = worker.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "the worker closed with items in hand");
        stage.Release();
        await disposing.WaitAsync(Within.Timeout);

        using var timeLimit = PipelineTesting.TimeLimit();
        var outcomes = await collector.ReadOutcomesAsync(Sent, timeLimit.Token).ToListAsync(timeLimit.Token).AsTask().WaitAsync(Within.Timeout);
        Assert.Equal(Enumerable.Range(0, Sent), outcomes.Select(outcome => outcome.Result.Num).Order());
    }

    [Fact]
    public async Task A_closing_worker_also_takes_and_finishes_the_items_queued_in_its_socket_beyond_its_prefetch()
    {
        // Over inproc a send puts the item straight into the worker's socket queue: no TCP buffers, nothing on its way.
        const int Sent = 300;
        const int Prefetch = 5;
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stage = new TestWorkStage("queued") { Gated = true };
        var options = new ZmqWorkerOptions { BindInput = true, MaxConcurrency = 1, Prefetch = Prefetch, DrainTimeout = Within.Timeout };
        await using var worker = RuntimeWorker(stage, $"inproc://graceful-close-{Guid.NewGuid():N}", collector.Endpoint, options);
        worker.Start();
        using var producer = new PushSocket();
        producer.Connect(worker.InputEndpoint);
        SendItems(producer, Sent);

        Assert.True(SpinWait.SpinUntil(() => worker.ItemsTaken == 1 + Prefetch && stage.Started == 1, Within.Timeout), $"{worker.ItemsTaken} items taken");
        var disposing = worker.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "the worker closed with items in hand");
        stage.Release();
        await disposing.WaitAsync(Within.Timeout);

        Assert.Equal(Sent, worker.ItemsTaken);
        using var timeLimit = PipelineTesting.TimeLimit();
        var outcomes = await collector.ReadOutcomesAsync(Sent, timeLimit.Token).ToListAsync(timeLimit.Token).AsTask().WaitAsync(Within.Timeout);
        Assert.Equal(Enumerable.Range(0, Sent), outcomes.Select(outcome => outcome.Result.Num).Order());
    }

    [Fact]
    public async Task A_closing_worker_sends_the_results_waiting_for_a_collector_before_it_closes_within_its_drain_timeout()
    {
        const int Sent = 4;

        // The worker binds its output and no collector has connected yet: its results wait in its outbox, none handed over.
        await using var worker = RuntimeWorker(
            new TestWorkStage("waiting"), Loopback.AnyPort, Loopback.AnyPort, new ZmqWorkerOptions { BindInput = true, BindOutput = true, DrainTimeout = Within.Timeout });
        using var producer = StartAndFeed(worker, Sent);

        // Closing at once would report them undeliverable; the collector that connects while the worker closes gets them.
        var disposing = worker.DisposeAsync().AsTask();
        using var collector = new PullSocket();
        collector.Connect(worker.OutputEndpoint!);
        var nums = new List<int>();
        for (var i = 0; i < Sent; i++)
        {
            Assert.True(collector.TryReceiveFrameBytes(Within.Timeout, out var result), $"{i} of {Sent} results arrived");
            nums.Add(ZmqSerializers.MessagePack.Deserialize<WorkResult>(result).Num);
        }

        await disposing.WaitAsync(Within.Timeout);
        Assert.Equal(Enumerable.Range(0, Sent), nums.Order());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_worker_whose_handler_ignores_its_token_still_reports_every_item_it_took_when_it_closes_the_one_running_too(bool blocksThread)
    {
        const int Sent = 3;
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stage = new TestWorkStage("stuck") { Gated = true, IgnoresCancellation = true, BlocksThread = blocksThread };
        var options = new ZmqWorkerOptions { BindInput = true, MaxConcurrency = 1, DrainTimeout = TimeSpan.FromMilliseconds(100) };
        await using var worker = RuntimeWorker(stage, Loopback.AnyPort, collector.Endpoint, options);
        using var producer = StartAndFeed(worker, Sent);
        Assert.True(SpinWait.SpinUntil(() => stage.Started == 1, Within.Timeout), $"{stage.Started} items started");

        // The one loop is held by the first item past the drain timeout and its grace: the other two wait for a loop. The
        // close gives up on the first and reports it too, rather than leave it unaccounted for.
        await worker.DisposeAsync().AsTask().WaitAsync(Within.Timeout);
        stage.Release();

        using var timeLimit = PipelineTesting.TimeLimit();
        var outcomes = await collector.ReadOutcomesAsync(Sent, timeLimit.Token).ToListAsync(timeLimit.Token).AsTask().WaitAsync(Within.Timeout);
        var codes = outcomes.ToDictionary(outcome => outcome.Failure!.ReadItem<WorkItem>().Num, outcome => outcome.Failure!.Error.Code);
        Assert.Equal([0, 1, 2], codes.Keys.Order());
        Assert.Equal(ZmqErrorCode.Interrupted, codes[0]);
        Assert.Equal(ZmqErrorCode.Unavailable, codes[1]);
        Assert.Equal(ZmqErrorCode.Unavailable, codes[2]);
        Assert.Equal(Sent, worker.ItemsFailed);
    }

    /// <summary>Starts <paramref name="worker"/>, whose input is bound, and has a raw producer send it <paramref name="count"/> items; returns the producer once the worker has taken them all.</summary>
    private static PushSocket StartAndFeed(PipelineWorker worker, int count)
    {
        worker.Start();
        var producer = new PushSocket();
        producer.Connect(worker.InputEndpoint);
        SendItems(producer, count);
        Assert.True(SpinWait.SpinUntil(() => worker.ItemsTaken == count, Within.Timeout), $"{worker.ItemsTaken} of {count} items taken");
        return producer;
    }

    private static void SendItems(PushSocket producer, int count)
    {
        for (var num = 0; num < count; num++)
        {
            var item = new ArrayBufferWriter<byte>();
            ZmqSerializers.MessagePack.Serialize(item, new WorkItem(num));
            producer.SendFrames(item.WrittenSpan.ToArray());
        }
    }

    /// <summary>The worker a generated <c>WorkStageWorker</c> runs, with its count of the items it took from its socket.</summary>
    private static PipelineWorker RuntimeWorker(IWorkStage stage, string inputEndpoint, string outputEndpoint, ZmqWorkerOptions options) =>
        new("WorkStage", inputEndpoint, outputEndpoint, options, ZmqSerializers.MessagePack, PipelineFraming.Payload,
        [
            new PipelineOperation("Process", producesResult: true, async (item, cancellationToken) =>
                item.SetResult(await stage.Process(item.Read<WorkItem>(), cancellationToken).ConfigureAwait(false))),
        ]);
}
