using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>
/// ZeroMQ heartbeats on a pipeline's connections (<c>HeartbeatInterval</c> of the producer, worker and collector
/// options): a connection whose peer's host vanished without closing it (a half-open connection, made here by freezing
/// a proxy) is dropped, and a connecting side connects afresh. Without heartbeats each of these tests times out.
/// </summary>
public class PipelineHeartbeatTests
{
    /// <summary>Well above the pauses of a loaded machine: a healthy connection dropped for one would lose the items on it.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Starts <paramref name="worker"/> and passes item 1 through the stage; returns the collector's results, item 1's read.</summary>
    private static async Task<IAsyncEnumerator<WorkResult>> FirstItemThroughAsync(WorkStageProducer producer, WorkStageWorker worker, WorkStageCollector collector, CancellationToken cancellationToken)
    {
        worker.Start();
        var results = collector.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await producer.Process(new WorkItem(1)).Bound();
        Assert.Equal(1, (await results.TakeAsync(1)).Single().Num);
        return results;
    }

    [Fact]
    public async Task A_worker_whose_output_goes_half_open_connects_afresh_and_its_next_result_arrives()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        using var proxy = new FreezableProxy(collector.Endpoint);
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, proxy.Endpoint, new ZmqWorkerOptions { HeartbeatInterval = Interval });
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = await FirstItemThroughAsync(producer, worker, collector, timeLimit.Token);
        await proxy.NextAcceptedAsync().Bound();

        // Nothing passes any more, and nothing closes: only the heartbeats the connection no longer answers make the
        // worker drop it and connect afresh. Its next result then has the fresh connection only.
        proxy.Freeze();
        await proxy.NextAcceptedAsync().Bound();
        await producer.Process(new WorkItem(2)).Bound();
        Assert.Equal(2, (await results.TakeAsync(1)).Single().Num);
    }

    [Fact]
    public async Task A_producer_drops_a_worker_whose_connection_went_half_open_and_the_worker_connects_afresh()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { HeartbeatInterval = Interval });
        using var proxy = new FreezableProxy(producer.Endpoint);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), proxy.Endpoint, collector.Endpoint, new ZmqWorkerOptions { HeartbeatInterval = Interval });
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = await FirstItemThroughAsync(producer, worker, collector, timeLimit.Token);
        await proxy.NextAcceptedAsync().Bound();

        // The producer's unanswered heartbeats make it close the frozen connection, so that it gives that worker nothing
        // more; the worker's own make it connect afresh. The next items have the fresh connection only.
        await proxy.FreezeUntilServerClosesAsync().Bound();
        await proxy.NextAcceptedAsync().Bound();
        for (var i = 2; i <= 4; i++)
        {
            await producer.Process(new WorkItem(i)).Bound();
        }

        Assert.Equal([2, 3, 4], (await results.TakeAsync(3)).Select(result => result.Num).Order());
    }

    [Fact]
    public async Task A_collector_drops_a_worker_connection_that_went_half_open()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { HeartbeatInterval = Interval });
        using var proxy = new FreezableProxy(collector.Endpoint);
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, proxy.Endpoint);
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = await FirstItemThroughAsync(producer, worker, collector, timeLimit.Token);

        await proxy.FreezeUntilServerClosesAsync().Bound();
    }
}
