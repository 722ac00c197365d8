using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Runtime;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>
/// Acknowledged mode over real TCP loopback: items carry ids, the collector delivers each once and acknowledges it, and
/// the producer sends again what is not acknowledged in time (docs/pipeline.md, "Acknowledged mode").
/// </summary>
public class AcknowledgedModeTests
{
    /// <summary>Long enough that no item is sent again unless something went wrong; the tests that want redelivery set less.</summary>
    internal static readonly TimeSpan NoRedelivery = Within.Timeout;

    [Fact]
    public async Task Every_item_completes_exactly_once_when_a_worker_is_killed_holding_items()
    {
        const int Items = 200;
        await using var collector = AcknowledgingCollector();
        await using var producer = AcknowledgedProducer(collector, TimeSpan.FromSeconds(1));
        var doomed = new TestWorkStage("doomed") { Gated = true };
        var doomedWorker = new WorkStageWorker(doomed, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { MaxConcurrency = 1, Prefetch = 10, DrainTimeout = TimeSpan.FromMilliseconds(100) });
        doomedWorker.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        // The doomed worker holds items in hand, prefetched, and queued by ZeroMQ when it is killed. It gives back those in
        // hand by saying nothing; those ZeroMQ had queued for it are lost with its socket. All must be sent again, to the
        // healthy worker.
        await doomed.StartedEnough.Task.Bound();
        await doomedWorker.DisposeAsync().AsTask().Bound();
        await using var healthyWorker = new WorkStageWorker(new TestWorkStage("healthy"), producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { Prefetch = 10 });
        healthyWorker.Start();

        var (results, failures) = await DrainAsync(producer, collector, healthyWorker);
        Assert.True(producer.ItemsRedelivered > 0, "no item was sent again, so the test proved nothing");
        Assert.Equal(Enumerable.Range(0, Items), results.Select(result => result.Num).Order());
        Assert.Empty(failures);
        Assert.All(results, result => Assert.Equal("healthy", result.WorkerId));
    }

    [Fact]
    public async Task A_slow_workers_late_result_after_redelivery_is_delivered_once()
    {
        var producerLog = new ListLogger();
        var collectorLog = new ListLogger();
        await using var collector = AcknowledgingCollector(collectorLog);
        await using var producer = AcknowledgedProducer(collector, TimeSpan.FromMilliseconds(200), producerLog);
        var slow = new TestWorkStage("slow") { Gated = true };
        await using var worker = new WorkStageWorker(slow, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { MaxConcurrency = 1 });
        worker.Start();
        await producer.Process(new WorkItem(7)).Bound();

        // The slow worker holds the item past its deadline, so the producer sends it again, to the one worker there is.
        await slow.StartedEnough.Task.Bound();
        await producerLog.Logged("is sent again").Bound();
        slow.Release();
        await collectorLog.Logged("duplicate").Bound();

        var (results, failures) = await DrainAsync(producer, collector, worker);
        Assert.Equal([7], results.Select(result => result.Num));
        Assert.Empty(failures);
        Assert.True(worker.ItemsProcessed >= 2, $"the worker processed {worker.ItemsProcessed} copies, so no duplicate reached the collector");
    }

    [Fact]
    public async Task Items_whose_acknowledgement_never_came_are_sent_again_and_a_restarted_collector_gets_them()
    {
        const int Items = 20;
        var resultsEndpoint = Loopback.FreeEndpoint();
        var acknowledgementEndpoint = Loopback.FreeEndpoint();
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = acknowledgementEndpoint,
            RedeliveryTimeout = TimeSpan.FromMilliseconds(300),
            MaxRedeliveries = 1_000,
            Linger = Within.Timeout,
        });
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, resultsEndpoint);
        worker.Start();

        // The first collector takes every result but dies before it acknowledges any (it has no acknowledgement socket).
        var first = new WorkStageCollector(resultsEndpoint);
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using (var firstResults = first.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator())
        {
            Assert.Equal(Enumerable.Range(0, Items), (await firstResults.TakeAsync(Items)).Select(result => result.Num).Order());
        }

        await first.DisposeAsync();
        Assert.Equal(Items, producer.PendingItems);

        await using var second = new WorkStageCollector(resultsEndpoint, new ZmqCollectorOptions { AcknowledgementEndpoint = acknowledgementEndpoint });
        var (results, failures) = await DrainAsync(producer, second, worker);
        Assert.Equal(Enumerable.Range(0, Items), results.Select(result => result.Num).Order());
        Assert.Empty(failures);
        Assert.True(producer.ItemsRedelivered >= Items);
    }

    [Fact]
    public async Task An_item_a_worker_drops_its_connection_for_is_isolated_and_abandoned_alone_and_the_items_behind_it_complete()
    {
        const int Small = 100;
        const int WorkerLimit = 64 * 1024;
        await using var collector = AcknowledgingCollector();
        var producerLog = new ListLogger();
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = collector.AcknowledgementEndpoint,
            RedeliveryTimeout = TimeSpan.FromSeconds(2),
            MaxRedeliveries = 2,
            Linger = Within.Timeout,
            Logger = producerLog,
        });

        // The producer's limit lets the big item go; the worker's does not, so the worker drops its connection on reading
        // it, and ZeroMQ drops with that connection every item queued behind it. The gate holds the worker until all are queued.
        var stage = new TestWorkStage("w") { Gated = true };
        await using var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { MaxMessageSize = WorkerLimit });
        worker.Start();
        for (var num = 0; num < Small; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        await producer.Process(new WorkItem(-1, new byte[WorkerLimit + 1])).Bound();
        for (var num = Small; num < 2 * Small; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        stage.Release();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(Enumerable.Range(0, 2 * Small), (await results.TakeAsync(2 * Small)).Select(result => result.Num).Order());
        await producerLog.Logged("is sent alone").Bound();
        await producer.DisposeAsync().AsTask().Bound();
        Assert.Equal(1, producer.ItemsAbandoned);
        Assert.Equal(0, producer.PendingItems);
        Assert.Equal(0, collector.FailureCount);
    }

    [Fact]
    public async Task Results_queued_but_not_read_when_the_collector_goes_are_sent_again_and_those_read_are_not()
    {
        const int Items = 10;
        var resultsEndpoint = Loopback.FreeEndpoint();
        var acknowledgementEndpoint = Loopback.FreeEndpoint();
        var options = new ZmqCollectorOptions { AcknowledgementEndpoint = acknowledgementEndpoint, Logger = new ListLogger() };
        var first = new WorkStageCollector(resultsEndpoint, options);
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = acknowledgementEndpoint,
            // Long enough that the failed item is acknowledged before it could be sent again (a copy redelivered
            // before the acknowledgement could reach the second collector, which is at least once across restarts).
            RedeliveryTimeout = TimeSpan.FromSeconds(2),
            MaxRedeliveries = 1_000,
            Linger = Within.Timeout,
        });

        // One worker, one item at a time, over one connection: results arrive in order, and the failure of the last
        // item, which is acknowledged as it arrives, arrives after every result.
        await using var worker = new WorkStageWorker(new TestWorkStage("w") { FailsFor = item => item.Num == Items }, producer.Endpoint, resultsEndpoint, new ZmqWorkerOptions { MaxConcurrency = 1 });
        worker.Start();
        for (var num = 0; num <= Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using (var failures = first.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator())
        {
            await failures.TakeAsync(1);
        }

        // Every result is queued at the first collector; half are read, and it goes before the rest are.
        await using (var firstResults = first.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator())
        {
            Assert.Equal(Enumerable.Range(0, Items / 2), (await firstResults.TakeAsync(Items / 2)).Select(result => result.Num));
        }

        // The results read (and the failure) are acknowledged before the first collector goes, so that a slow
        // acknowledgement cannot have them sent again to the second, which knows nothing of what the first delivered.
        Assert.True(SpinWait.SpinUntil(() => producer.PendingItems == Items / 2, Within.Timeout), $"{producer.PendingItems} items pending");
        await first.DisposeAsync();
        await using var second = new WorkStageCollector(resultsEndpoint, options);
        var (results, secondFailures) = await DrainAsync(producer, second, worker);
        Assert.Equal(Enumerable.Range(Items / 2, Items / 2), results.Select(result => result.Num).Order());
        Assert.Empty(secondFailures);
    }

    [Fact]
    public async Task Ids_travel_through_a_relay_to_the_last_collector_which_acknowledges_them()
    {
        const int Items = 100;
        await using var collector = new ReviewStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { AcknowledgementEndpoint = Loopback.AnyPort });
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = collector.AcknowledgementEndpoint,
            RedeliveryTimeout = NoRedelivery,
            Linger = Within.Timeout,
        });
        await using var relay = new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort);
        await using var first = new WorkStageWorker(new TestWorkStage("a") { FailsFor = item => item.Num == 13 }, producer.Endpoint, relay.InputEndpoint, new ZmqWorkerOptions { Prefetch = 10 });
        await using var second = new ReviewStageWorker(new TestReviewStage("b"), relay.OutputEndpoint, collector.Endpoint);
        first.Start();
        second.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var reviews = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(Enumerable.Range(0, Items).Where(num => num != 13), (await reviews.TakeAsync(Items - 1)).Select(review => review.Num).Order());
        Assert.Equal(13, (await failures.TakeAsync(1)).Single().ReadItem<WorkItem>().Num);

        // Disposing waits for every acknowledgement: with none lost, nothing was sent twice.
        await producer.DisposeAsync().AsTask().Bound();
        Assert.Equal(0, producer.PendingItems);
        Assert.Equal(0, producer.ItemsAbandoned);
    }

    [Fact]
    public async Task A_full_window_holds_sends_back_cancellation_ends_a_wait_and_dispose_ends_the_rest_within_the_linger()
    {
        var linger = TimeSpan.FromMilliseconds(500);
        var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = Loopback.FreeEndpoint(),
            MaxPendingItems = 2,
            RedeliveryTimeout = NoRedelivery,
            Linger = linger,
        });

        // No worker and no collector: nothing is ever acknowledged, so two items fill the window.
        await producer.Process(new WorkItem(0)).Bound();
        await producer.Process(new WorkItem(1)).Bound();
        using var cancelled = new CancellationTokenSource();
        var abandoned = producer.Process(new WorkItem(2), cancelled.Token).AsTask();
        var waiting = producer.Process(new WorkItem(3)).AsTask();
        Assert.False(abandoned.IsCompleted);
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.Bound());
        Assert.False(waiting.IsCompleted);
        Assert.Equal(2, producer.PendingItems);

        var clock = Stopwatch.StartNew();
        await producer.DisposeAsync().AsTask().Bound();
        Assert.True(clock.Elapsed <= linger + TimeSpan.FromSeconds(2), $"dispose took {clock.Elapsed.TotalMilliseconds:0} ms; its bound is the linger, {linger.TotalMilliseconds:0} ms");
        Assert.Equal("WorkStageProducer", (await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.Bound())).ObjectName);
    }

    [Fact]
    public void Acknowledged_mode_is_refused_where_nothing_could_acknowledge()
    {
        var options = new ZmqProducerOptions { AcknowledgementEndpoint = "tcp://127.0.0.1:5555" };
        var terminal = Assert.Throws<ArgumentException>(() => new TallySinkProducer(Loopback.AnyPort, options));
        Assert.Contains("the TallySink stage has an operation that returns none", terminal.Message);

        // Archive's items would never be acknowledged, and each would be sent again until abandoned.
        var mixed = Assert.Throws<ArgumentException>(() => new MixedStageProducer(Loopback.AnyPort, options));
        Assert.Contains("the MixedStage stage has an operation that returns none", mixed.Message);
        var relay = Assert.Throws<ArgumentException>(() => new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort, options));
        Assert.Contains("relay", relay.Message);
    }

    [Fact]
    public async Task A_producer_whose_worker_leaves_in_the_middle_of_a_stream_disposes_within_its_bound()
    {
        // An acknowledged item is two frames. When the worker leaves while the producer hands it one, NetMQ can refuse the
        // second frame; the producer must offer the item again later, not block its socket thread waiting for another
        // worker (which made its dispose hang). The moment is a race, so a few rounds give it its chances.
        var linger = TimeSpan.FromMilliseconds(200);
        for (var round = 0; round < 10; round++)
        {
            await using var collector = AcknowledgingCollector();
            var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
            {
                AcknowledgementEndpoint = collector.AcknowledgementEndpoint,
                Linger = linger,
                MaxPendingItems = 1 << 20,
                Logger = new ListLogger(),
            });
            var worker = new WorkStageWorker(new TestWorkStage("leaving"), producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { DrainTimeout = TimeSpan.FromMilliseconds(1), Prefetch = 1_000 });
            worker.Start();
            using var stop = new CancellationTokenSource();
            var sending = Task.Run(async () =>
            {
                for (var num = 0; num < 10_000_000 && !stop.IsCancellationRequested; num++)
                {
                    await producer.Process(new WorkItem(num), stop.Token);
                }
            });
            await using (var results = collector.ReadAllAsync().GetAsyncEnumerator())
            {
                await results.TakeAsync(100);
            }

            await worker.DisposeAsync().AsTask().Bound();
            await stop.CancelAsync();
            try
            {
                await sending.Bound();
            }
            catch (OperationCanceledException)
            {
                // Cancelled while a send waited: how the sending ends when the window or the outbox is full.
            }

            var clock = Stopwatch.StartNew();
            await producer.DisposeAsync().AsTask().Bound();
            Assert.True(clock.Elapsed < linger + TimeSpan.FromSeconds(3), $"round {round}: the producer took {clock.Elapsed.TotalMilliseconds:0} ms to dispose");
        }
    }

    [Fact]
    public async Task The_acknowledgement_of_the_byte_level_example_of_protocol_md_is_what_the_collector_sends()
    {
        // docs/protocol.md, Pipeline, acknowledged mode: item 7 from producer 00 11 … ff with nothing older pending.
        await using var collector = AcknowledgingCollector();
        var producer = Convert.FromHexString("00112233445566778899aabbccddeeff");
        var seven = Convert.FromHexString("0000000000000007");
        byte[] id = [.. "zmqc.id"u8, .. producer, .. seven, .. seven];
        var result = Convert.FromHexString("82a34e756d07a8576f726b65724964a27731");
        using var acknowledgements = new SubscriberSocket(collector.AcknowledgementEndpoint);
        acknowledgements.Subscribe(producer);
        using var worker = new PushSocket(collector.Endpoint);
        worker.SendFrames(result, id);

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(new WorkResult(7, "w1"), Assert.Single(await results.TakeAsync(1)));

        // The subscription may reach the collector after its acknowledgement went out: a copy sent again is a duplicate,
        // which the collector acknowledges again.
        var acknowledgement = new NetMQMessage();
        for (var copies = 1; !acknowledgements.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(200), ref acknowledgement); copies++)
        {
            Assert.True(copies < 50, "No acknowledgement came.");
            worker.SendFrames(result, id);
        }

        // Floor 7, the item's: 0 to 6 are done; then sequence 7.
        Assert.Equal([producer, seven, seven], acknowledgement.Select(frame => frame.ToByteArray()));
    }

    [Fact]
    public async Task A_result_whose_id_no_producer_sends_is_refused_and_leaves_the_producers_genuine_results_delivered()
    {
        await using var collector = AcknowledgingCollector();
        var producer = Guid.NewGuid();
        using var worker = new PushSocket(collector.Endpoint);

        // A floor above the sequence, and one a whole window below it: before, the first made the collector take every
        // number of the producer below a million for done, and drop its genuine results 0 to 2 as duplicates.
        worker.SendFrames(Result(10), new ItemId(producer, 10, Floor: 1_000_000).ToFrame());
        worker.SendFrames(Result(0), new ItemId(producer, 0, 0).ToFrame());
        worker.SendFrames(Result(1), new ItemId(producer, 1, 0).ToFrame());
        worker.SendFrames(Result(3_000_000), new ItemId(producer, 3_000_000, 0).ToFrame());
        worker.SendFrames(Result(2), new ItemId(producer, 2, 0).ToFrame());
        worker.SendFrames(Result(99), new ItemId(Guid.NewGuid(), 0, 0).ToFrame());

        using var timeLimit = PipelineTesting.TimeLimit();
        var results = await collector.ReadAllAsync(timeLimit.Token).TakeUntilAsync(result => result.Num == 99, limit: 6);
        Assert.Equal([0, 1, 2, 99], results.Select(result => result.Num));
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.All(await failures.TakeAsync(2), failure =>
        {
            Assert.Equal(ZmqErrorCode.BadRequest, failure.Error.Code);
            Assert.Contains($"producer {producer}", failure.Error.RemoteMessage, StringComparison.Ordinal);
        });

        static byte[] Result(int num) => PayloadFrames.Serialize(ZmqSerializers.MessagePack, new WorkResult(num, "forger"), "result");
    }

    internal static WorkStageCollector AcknowledgingCollector(ListLogger? log = null) =>
        new(Loopback.AnyPort, new ZmqCollectorOptions { AcknowledgementEndpoint = Loopback.AnyPort, Logger = log ?? new ListLogger() });

    internal static WorkStageProducer AcknowledgedProducer(WorkStageCollector collector, TimeSpan redeliveryTimeout, ListLogger? log = null) =>
        new(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = collector.AcknowledgementEndpoint,
            RedeliveryTimeout = redeliveryTimeout,
            MaxRedeliveries = 1_000,
            Linger = Within.Timeout,
            Logger = log ?? new ListLogger(),
        });

    /// <summary>
    /// Reads everything the collector delivers, to the end, so that a duplicate delivered would show; meanwhile waits, by
    /// disposing the producer, until every item is acknowledged (a result is acknowledged once read), then closes the
    /// worker and the collector, which ends the reading.
    /// </summary>
    private static async Task<(List<WorkResult> Results, List<ZmqPipelineFailure> Failures)> DrainAsync(WorkStageProducer producer, WorkStageCollector collector, WorkStageWorker worker)
    {
        using var timeLimit = PipelineTesting.TimeLimit();
        var results = collector.ReadAllAsync(timeLimit.Token).ToListAsync(timeLimit.Token).AsTask();
        var failures = collector.ReadFailuresAsync(timeLimit.Token).ToListAsync(timeLimit.Token).AsTask();
        await producer.DisposeAsync().AsTask().Bound();
        Assert.Equal(0, producer.PendingItems);
        Assert.Equal(0, producer.ItemsAbandoned);
        await worker.DisposeAsync().AsTask().Bound();
        await collector.DisposeAsync().AsTask().Bound();
        return (await results.Bound(), await failures.Bound());
    }
}
