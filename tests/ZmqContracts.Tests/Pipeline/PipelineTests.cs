using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>Producer, workers and collector over real TCP loopback.</summary>
public class PipelineTests
{
    [Fact]
    public async Task Two_thousand_items_over_three_workers_arrive_exactly_once_and_every_worker_gets_a_share()
    {
        const int Items = 2_000;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stages = new[] { new TestWorkStage("a"), new TestWorkStage("b"), new TestWorkStage("c") };
        var workers = stages.Select(stage => new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint)).ToList();
        workers.ForEach(worker => worker.Start());
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        await PipelineTesting.WarmUpAsync(producer, results, stages.Select(stage => stage.Id));

        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num), timeLimit.Token);
        }

        var received = await results.TakeAsync(Items);
        Assert.Equal(Enumerable.Range(0, Items), received.Select(result => result.Num).Order());
        var perWorker = received.CountBy(result => result.WorkerId).ToDictionary();
        Assert.All(stages, stage => Assert.True(perWorker.GetValueOrDefault(stage.Id) > 0, $"worker {stage.Id} got no item: {string.Join(", ", perWorker)}"));
        Assert.Equal(0, collector.FailureCount);
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_send_waits_while_no_worker_can_take_the_item_and_a_cancelled_wait_reports_the_callers_token()
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { SendHighWatermark = 1 });
        await using var collector = new WorkStageCollector(Loopback.AnyPort);

        // No worker yet: the socket takes nothing, the first item fills the producer's one place, the second must wait.
        await producer.Process(new WorkItem(0)).AsTask().WaitAsync(Within.Timeout);
        var waiting = producer.Process(new WorkItem(1)).AsTask();
        using var cancelled = new CancellationTokenSource();
        var abandoned = producer.Process(new WorkItem(2), cancelled.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        cancelled.Cancel();
        var cancellation = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Within.Timeout));
        Assert.Equal(cancelled.Token, cancellation.CancellationToken);
        Assert.False(waiting.IsCompleted);

        await using var worker = new WorkStageWorker(new TestWorkStage("late"), producer.Endpoint, collector.Endpoint);
        worker.Start();
        await waiting.WaitAsync(Within.Timeout);
        await producer.Process(new WorkItem(3)).AsTask().WaitAsync(Within.Timeout);

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal([0, 1, 3], (await results.TakeAsync(3)).Select(result => result.Num).Order());
    }

    [Fact]
    public async Task A_send_refused_before_its_item_is_queued_fails_its_task_not_the_call()
    {
        var producer = new WorkStageProducer(Loopback.AnyPort);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var beforeTheCall = producer.Process(new WorkItem(0), cancelled.Token).AsTask();
        Assert.True(beforeTheCall.IsCanceled, "a send with a cancelled token was not cancelled at once");
        Assert.Equal(cancelled.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beforeTheCall)).CancellationToken);

        await producer.DisposeAsync().AsTask().Bound();
        var afterDisposal = producer.Process(new WorkItem(1)).AsTask();
        Assert.True(afterDisposal.IsFaulted, "a send after disposal did not fail at once");
        Assert.Equal("WorkStageProducer", (await Assert.ThrowsAsync<ObjectDisposedException>(() => afterDisposal)).ObjectName);
    }

    [Fact]
    public async Task Items_no_worker_took_before_the_close_are_logged_as_one_count_not_one_line_each()
    {
        const int Items = 50;
        var log = new ListLogger();
        var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { Linger = TimeSpan.FromMilliseconds(100), Logger = log });
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).AsTask().Bound();
        }

        await producer.DisposeAsync().AsTask().Bound();

        // The first at once, the others counted and logged when the producer closed: every item is accounted for.
        var counts = log.Values(200, "Count").Cast<long>().ToList();
        Assert.InRange(counts.Count, 1, 2);
        Assert.Equal(Items, counts.Sum());
    }

    [Fact]
    public async Task A_slow_worker_behind_small_high_water_marks_holds_the_producer_back_and_loses_nothing()
    {
        // 120 items of 256 KB are 30 MB, far more than the sockets and the kernel's loopback buffers hold.
        const int Items = 120;
        var padding = new byte[256 * 1024];
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { SendHighWatermark = 1 });
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var slow = new TestWorkStage("slow") { Gated = true };
        await using var worker = new WorkStageWorker(slow, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { MaxConcurrency = 1, Prefetch = 0, ReceiveHighWatermark = 1, SendHighWatermark = 1 });
        worker.Start();

        var sent = 0;
        using var timeLimit = PipelineTesting.TimeLimit();
        var sending = Task.Run(async () =>
        {
            for (var num = 0; num < Items; num++)
            {
                await producer.Process(new WorkItem(num, padding), timeLimit.Token);
                Interlocked.Increment(ref sent);
            }
        });

        await slow.StartedEnough.Task.WaitAsync(Within.Timeout);
        Assert.False(sending.IsCompleted, "every send completed while the only worker was stuck on its first item");
        Assert.Equal(1, slow.Started);

        slow.Release();
        await sending.WaitAsync(Within.Timeout);
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(Enumerable.Range(0, Items), (await results.TakeAsync(Items)).Select(result => result.Num).Order());
        Assert.Equal(Items, Volatile.Read(ref sent));
    }

    [Fact]
    public async Task A_throwing_implementation_is_logged_counted_and_reported_to_the_collector_and_the_worker_goes_on()
    {
        var log = new ListLogger();
        await EveryThirdFailsAsync(new ZmqProducerOptions(), new ZmqCollectorOptions(), new ZmqWorkerOptions { Logger = log }, (collector, worker, failed) =>
        {
            Assert.All(failed, failure =>
            {
                Assert.Equal("Process", failure.Operation);
                Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Error.Code);
                Assert.Null(failure.Error.RemoteType);
                Assert.DoesNotContain("cursed", failure.Error.RemoteMessage, StringComparison.Ordinal);
                Assert.StartsWith($"WorkStage.Process: a worker failed the item and sent its failure to {collector.Endpoint}: ", failure.Error.Message, StringComparison.Ordinal);
                Assert.Contains(log.Entries, entry => entry.Exception is InvalidOperationException && entry.Message.Contains(failure.Error.ErrorId!, StringComparison.Ordinal));
            });
            Assert.Equal(4, collector.FailureCount);
            Assert.Equal(4, worker.ItemsFailed);
            Assert.Equal(6, worker.ItemsProcessed);
            Assert.Equal(4, log.Entries.Count(entry => entry.Exception is InvalidOperationException));
        });
    }

    [Fact]
    public async Task A_logger_that_throws_costs_its_log_entries_only_every_result_and_failure_still_reaches_the_collector()
    {
        var throwing = new ThrowingLogger();
        await EveryThirdFailsAsync(
            new ZmqProducerOptions { Logger = throwing },
            new ZmqCollectorOptions { Logger = throwing },
            new ZmqWorkerOptions { Logger = throwing },
            (_, _, _) => Assert.True(throwing.Calls > 0));
    }

    /// <summary>
    /// Sends items 0 to 9 through a worker whose implementation throws for every third, checks that the collector reads
    /// the six results and the four failures, then runs <paramref name="check"/> on the collector, the worker and the failures.
    /// </summary>
    private static async Task EveryThirdFailsAsync(
        ZmqProducerOptions producerOptions,
        ZmqCollectorOptions collectorOptions,
        ZmqWorkerOptions workerOptions,
        Action<WorkStageCollector, WorkStageWorker, List<ZmqPipelineFailure>> check)
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort, producerOptions);
        await using var collector = new WorkStageCollector(Loopback.AnyPort, collectorOptions);
        await using var worker = new WorkStageWorker(new TestWorkStage("w") { FailsFor = item => item.Num % 3 == 0 }, producer.Endpoint, collector.Endpoint, workerOptions);
        worker.Start();
        for (var num = 0; num < 10; num++)
        {
            await producer.Process(new WorkItem(num));
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal([1, 2, 4, 5, 7, 8], (await results.TakeAsync(6)).Select(result => result.Num).Order());
        var failed = await failures.TakeAsync(4);
        Assert.Equal([0, 3, 6, 9], failed.Select(failure => failure.ReadItem<WorkItem>().Num).Order());
        check(collector, worker, failed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_fault_always_reaches_the_collector_and_other_exceptions_do_with_IncludeExceptionDetails(bool includeExceptionDetails)
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stage = new TestWorkStage("w")
        {
            FailsFor = _ => true,
            Failure = item => item.Num == 0 ? new ZmqFaultException("item 0 is refused") : new InvalidOperationException("item 1 is cursed"),
        };
        await using var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { IncludeExceptionDetails = includeExceptionDetails });
        worker.Start();
        await producer.Process(new WorkItem(0));
        await producer.Process(new WorkItem(1));

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failed = (await failures.TakeAsync(2)).ToDictionary(failure => failure.ReadItem<WorkItem>().Num, failure => failure.Error);

        Assert.Equal(typeof(ZmqFaultException).FullName, failed[0].RemoteType);
        Assert.Equal("item 0 is refused", failed[0].RemoteMessage);
        Assert.Null(failed[0].ErrorId);
        Assert.Equal(includeExceptionDetails ? typeof(InvalidOperationException).FullName : null, failed[1].RemoteType);
        Assert.Equal(includeExceptionDetails, failed[1].RemoteMessage == "item 1 is cursed");
        Assert.NotNull(failed[1].ErrorId);
    }

    [Fact]
    public async Task An_item_from_a_producer_of_a_one_operation_version_is_refused_naming_no_operation_but_the_framing_it_needs()
    {
        // IWorkStage has one operation, so its producer sends [payload]; IMixedStage has two, so its worker expects [operation][payload].
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new MixedStageCollector(Loopback.AnyPort);
        await using var worker = new MixedStageWorker(new TestMixedStage(), producer.Endpoint, collector.Endpoint);
        worker.Start();
        await producer.Process(new WorkItem(7));

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failure = Assert.Single(await failures.TakeAsync(1));

        Assert.Equal("", failure.Operation);
        Assert.Equal(ZmqErrorCode.BadRequest, failure.Error.Code);
        Assert.Equal(
            "an item of one frame reached MixedStage, whose 2 operations take [operation][payload]: is its producer built from a version of the contract with one operation?",
            failure.Error.RemoteMessage);
        Assert.Equal(7, failure.ReadItem<WorkItem>().Num);
    }

    [Fact]
    public async Task An_item_naming_an_operation_that_JSON_escapes_is_refused_with_a_failure_that_fits_MaxMessageSize()
    {
        // A collector with the same limit drops the connection for a longer frame, the failure and what follows with it.
        using var producer = new PushSocket();
        var producerPort = producer.BindRandomPort("tcp://127.0.0.1");
        using var collector = new PullSocket();
        collector.Options.MaxMsgSize = 256;
        var collectorPort = collector.BindRandomPort("tcp://127.0.0.1");
        await using var worker = new MixedStageWorker(new TestMixedStage(), $"tcp://127.0.0.1:{producerPort}", $"tcp://127.0.0.1:{collectorPort}", new ZmqWorkerOptions { MaxMessageSize = 256 });
        worker.Start();

        producer.SendFrames(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("é", 32))), [1]);
        var failure = collector.ReceiveFrames();

        Assert.Equal("zmqc.error", Encoding.UTF8.GetString(failure[0]));
        Assert.Equal("unknown-operation", RawPeer.ErrorCode(failure[..2]));
    }

    [Fact]
    public async Task A_nil_item_for_a_parameter_the_contract_declares_not_nullable_is_a_bad_request_that_runs_no_handler()
    {
        var log = new ListLogger();
        using var producer = new PushSocket();
        var producerPort = producer.BindRandomPort("tcp://127.0.0.1");
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), $"tcp://127.0.0.1:{producerPort}", collector.Endpoint, new ZmqWorkerOptions { Logger = log });
        worker.Start();
        producer.SendFrame([0xc0]);

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failure = Assert.Single(await failures.TakeAsync(1));

        Assert.Equal(ZmqErrorCode.BadRequest, failure.Error.Code);
        Assert.Equal(
            "item of Process: the msgpack serializer read null, and the contract declares ZmqContracts.Tests.Pipeline.WorkItem not nullable",
            failure.Error.RemoteMessage);
        Assert.DoesNotContain(log.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_nil_result_for_a_result_the_contract_declares_not_nullable_is_a_bad_request_failure_and_never_delivered()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var mixedCollector = new MixedStageCollector(Loopback.AnyPort);
        using var worker = new PushSocket(collector.Endpoint);
        using var mixedWorker = new PushSocket(mixedCollector.Endpoint);
        byte[] nil = [0xc0];

        // One operation: a result is its payload alone; two: its operation, then its payload.
        worker.SendFrame(nil);
        worker.SendFrame(PubSub.TopicDeliveryTests.Payload(new WorkResult(1, "w")));
        mixedWorker.SendMoreFrame("Score").SendFrame(nil);

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(new WorkResult(1, "w"), Assert.Single(await results.TakeAsync(1)));
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failure = Assert.Single(await failures.TakeAsync(1));
        Assert.Equal("Process", failure.Operation);
        Assert.Equal(ZmqErrorCode.BadRequest, failure.Error.Code);
        Assert.Equal(
            "result of WorkStage.Process: the msgpack serializer read null, and the contract declares ZmqContracts.Tests.Pipeline.WorkResult not nullable",
            failure.Error.RemoteMessage);

        await using var outcomes = mixedCollector.ReadOutcomesAsync(1, timeLimit.Token).GetAsyncEnumerator();
        var outcome = Assert.Single(await outcomes.TakeAsync(1));
        Assert.False(outcome.IsSuccess);
        Assert.Equal(
            "result of MixedStage.Score: the msgpack serializer read null, and the contract declares ZmqContracts.Tests.Pipeline.WorkResult not nullable",
            outcome.Failure!.Error.RemoteMessage);
    }

    [Fact]
    public async Task A_nil_result_for_a_result_the_contract_declares_nullable_is_delivered_as_null()
    {
        await using var collector = new LookupStageCollector(Loopback.AnyPort);
        using var worker = new PushSocket(collector.Endpoint);
        worker.SendFrame([0xc0]);

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Null(Assert.Single(await results.TakeAsync(1)));
        Assert.Equal(0, collector.FailureCount);
    }

    [Fact]
    public async Task Items_a_peer_keeps_sending_that_cannot_be_read_are_logged_once_and_then_counted_in_full()
    {
        const int Items = 200;
        var log = new ListLogger();
        using var producer = new PushSocket();
        var producerPort = producer.BindRandomPort("tcp://127.0.0.1");
        using var collector = new PullSocket();
        var collectorPort = collector.BindRandomPort("tcp://127.0.0.1");
        var worker = new WorkStageWorker(new TestWorkStage("w"), $"tcp://127.0.0.1:{producerPort}", $"tcp://127.0.0.1:{collectorPort}", new ZmqWorkerOptions { Logger = log });
        await using (worker)
        {
            worker.Start();
            for (var i = 0; i < Items; i++)
            {
                producer.SendFrame([0xc1, (byte)i]);
            }

            // Each item is refused with a failure to the collector: once all have come, all were logged or counted.
            NetMQMessage? failure = null;
            for (var i = 0; i < Items; i++)
            {
                Assert.True(collector.TryReceiveMultipartMessage(Within.Timeout, ref failure), $"only {i} of {Items} failures reached the collector");
                failure = null;
            }
        }

        Assert.Single(log.Entries, entry => entry.Id.Id == 202);
        Assert.Equal(Items - 1, log.Values(215, "Count").Sum(count => (long)count!));
    }

    [Fact]
    public async Task Failures_a_peer_keeps_sending_with_huge_frames_reach_the_collector_short_and_are_logged_once_then_counted()
    {
        const int Failures = 20;
        var log = new ListLogger();
        var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { Logger = log });
        await using (collector)
        {
            using var peer = new PushSocket(collector.Endpoint);
            for (var i = 0; i < Failures; i++)
            {
                peer.SendFrames(Utf8("zmqc.error"), HugeFrame('O'), HugeFrame('x'), [0x01]);
            }

            using var timeLimit = PipelineTesting.TimeLimit();
            await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
            Assert.All(await failures.TakeAsync(Failures), failure =>
            {
                Assert.Equal(new string('x', 64) + "…", failure.Operation);
                Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Error.Code);
                Assert.Contains($"error frame of {HugeFrameLength} bytes is not the JSON object", failure.Error.Message, StringComparison.Ordinal);
                Assert.InRange(failure.Error.Message.Length, 1, 600);
            });
        }

        var logged = Assert.Single(log.Entries, entry => entry.Id.Id == 206);
        Assert.InRange(logged.Message.Length, 1, 1_000);
        Assert.Equal(Failures - 1, log.Values(217, "Count").Sum(count => (long)count!));
    }

    [Fact]
    public async Task Failures_dropped_unread_are_logged_once_then_counted()
    {
        const int Failures = 20;
        const int Kept = 2;
        var log = new ListLogger();
        var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { Logger = log, MaxQueuedFailures = Kept });
        await using (collector)
        {
            using var peer = new PushSocket(collector.Endpoint);
            for (var i = 0; i < Failures; i++)
            {
                peer.SendFrames(Utf8("zmqc.error"), Utf8("""{"code":"handler-failed","message":"it broke"}"""), Utf8("Process"));
            }

            // Nothing reads them: all but the last two are dropped as they arrive, and the close reports what it counted.
            Assert.True(SpinWait.SpinUntil(() => collector.FailureCount == Failures, Within.Timeout), $"{collector.FailureCount} failures arrived");
        }

        var logged = Assert.Single(log.Entries, entry => entry.Id.Id == 207);
        Assert.Contains("the oldest unread failure was dropped, 2 already wait to be read: Process failed:", logged.Message, StringComparison.Ordinal);
        Assert.Equal(Failures - Kept - 1, log.Values(218, "Count").Sum(count => (long)count!));
        Assert.All(log.Entries.Where(entry => entry.Id.Id == 218), entry => Assert.Contains("HandlerFailed failures of operation 'Process' were dropped", entry.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failure_that_names_no_operation_says_so_in_its_message_and_log_line()
    {
        var log = new ListLogger();
        await using var collector = new MixedStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { Logger = log });
        using var peer = new PushSocket(collector.Endpoint);
        peer.SendFrames(Utf8("zmqc.error"), Utf8("""{"code":"handler-failed","message":"it broke"}"""), []);

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failure = Assert.Single(await failures.TakeAsync(1));

        Assert.Equal("", failure.Operation);
        Assert.StartsWith("MixedStage (no operation): a worker failed the item", failure.Error.Message, StringComparison.Ordinal);
        Assert.EndsWith(": it broke", failure.Error.Message, StringComparison.Ordinal);
        Assert.StartsWith("(no operation) failed: MixedStage (no operation):", failure.ToString(), StringComparison.Ordinal);
        var logged = Assert.Single(log.Entries, entry => entry.Id.Id == 206);
        Assert.StartsWith("MixedStage collector: (no operation) failed: MixedStage (no operation): ", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_a_peer_keeps_sending_to_a_terminal_stage_are_logged_short_once_then_counted()
    {
        const int Failures = 20;
        var log = new ListLogger();
        var sink = new TestTallySink(1);
        using var peer = new PushSocket();
        var port = peer.BindRandomPort("tcp://127.0.0.1");
        var worker = new TallySinkWorker(sink, $"tcp://127.0.0.1:{port}", outputEndpoint: null, new ZmqWorkerOptions { Logger = log, MaxConcurrency = 1 });
        await using (worker)
        {
            worker.Start();
            for (var i = 0; i < Failures; i++)
            {
                peer.SendFrames(Utf8("zmqc.error"), HugeFrame('O'), HugeFrame('x'), [0x01]);
            }

            // One loop takes the messages in order: once the item after the failures is recorded, every failure was handled.
            var item = new ArrayBufferWriter<byte>();
            ZmqSerializers.MessagePack.Serialize(item, new WorkItem(1));
            peer.SendFrames(item.WrittenSpan.ToArray());
            await sink.AllRecorded.Task.WaitAsync(Within.Timeout);
        }

        var logged = Assert.Single(log.Entries, entry => entry.Id.Id == 205);
        Assert.InRange(logged.Message.Length, 1, 1_000);
        Assert.Equal(Failures - 1, log.Values(216, "Count").Sum(count => (long)count!));
    }

    [Fact]
    public async Task A_failure_of_two_frames_reaches_a_one_operation_worker_and_goes_on_to_the_collector_unchanged()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        using var peer = new PushSocket();
        var port = peer.BindRandomPort("tcp://127.0.0.1");
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), $"tcp://127.0.0.1:{port}", collector.Endpoint);
        worker.Start();

        // The shortest failure protocol.md allows: the marker and the error, no operation or item frame.
        peer.SendFrames(Utf8("zmqc.error"), Utf8("""{"code":"handler-failed","message":"an earlier stage failed"}"""));

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failure = Assert.Single(await failures.TakeAsync(1));
        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Error.Code);
        Assert.Equal("an earlier stage failed", failure.Error.RemoteMessage);
        Assert.Equal("", failure.Operation);
        Assert.Equal(0, worker.ItemsFailed);
    }

    private const int HugeFrameLength = 1024 * 1024;

    private static byte[] HugeFrame(char fill) => Utf8(new string(fill, HugeFrameLength));

    [Fact]
    public async Task Two_stages_chain_through_a_relay_and_a_failure_travels_to_the_last_collector()
    {
        const int Items = 200;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var relay = new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort);
        await using var collector = new ReviewStageCollector(Loopback.AnyPort);
        var workers = new List<IAsyncDisposable>();
        foreach (var id in new[] { "a1", "a2" })
        {
            var worker = new WorkStageWorker(new TestWorkStage(id) { FailsFor = item => item.Num == 13 }, producer.Endpoint, relay.InputEndpoint);
            worker.Start();
            workers.Add(worker);
        }

        foreach (var id in new[] { "b1", "b2" })
        {
            var worker = new ReviewStageWorker(new TestReviewStage(id), relay.OutputEndpoint, collector.Endpoint);
            worker.Start();
            workers.Add(worker);
        }

        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num));
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var reviews = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var received = await reviews.TakeAsync(Items - 1);
        Assert.Equal(Enumerable.Range(0, Items).Where(num => num != 13), received.Select(review => review.Num).Order());
        Assert.All(received, review => Assert.StartsWith("a", review.FirstWorker));
        Assert.All(received, review => Assert.StartsWith("b", review.Reviewer));
        var failure = (await failures.TakeAsync(1)).Single();
        Assert.Equal("Process", failure.Operation);
        Assert.Equal(13, failure.ReadItem<WorkItem>().Num);
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_terminal_stage_needs_no_collector()
    {
        const int Items = 50;
        var sink = new TestTallySink(Items);
        await using var producer = new TallySinkProducer(Loopback.AnyPort);
        await using var worker = new TallySinkWorker(sink, producer.Endpoint, outputEndpoint: null);
        worker.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Record(new WorkItem(num));
        }

        await sink.AllRecorded.Task.WaitAsync(Within.Timeout);
        Assert.All(Enumerable.Range(0, Items), num => Assert.Equal(1, sink.Recorded[num]));
        Assert.Null(worker.OutputEndpoint);
        Assert.Null(typeof(TallySinkWorker).Assembly.GetType("ZmqContracts.Tests.Pipeline.TallySinkCollector"));
    }

    [Fact]
    public void A_stage_with_results_needs_an_output_endpoint()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => new WorkStageWorker(new TestWorkStage("w"), "tcp://127.0.0.1:5555", outputEndpoint: null));
        Assert.Equal("outputEndpoint", exception.ParamName);
    }

    [Fact]
    public async Task Disposing_a_worker_finishes_the_items_in_hand_and_sends_their_results()
    {
        const int InHand = 4;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stage = new TestWorkStage("w") { Gated = true, StartedWanted = InHand };
        var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { MaxConcurrency = InHand, DrainTimeout = Within.Timeout });
        worker.Start();
        for (var num = 0; num < InHand; num++)
        {
            await producer.Process(new WorkItem(num));
        }

        await stage.StartedEnough.Task.WaitAsync(Within.Timeout);
        var disposing = worker.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted, "the worker closed with items in hand");

        stage.Release();
        await disposing.WaitAsync(Within.Timeout);
        Assert.Equal(InHand, worker.ItemsProcessed);
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(Enumerable.Range(0, InHand), (await results.TakeAsync(InHand)).Select(result => result.Num).Order());
    }

    [Fact]
    public async Task A_reading_begun_before_the_collector_is_disposed_gets_what_had_arrived_and_one_begun_after_throws()
    {
        const int Items = 3;
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w") { FailsFor = _ => true }, producer.Endpoint, collector.Endpoint);
        worker.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        Assert.True(SpinWait.SpinUntil(() => collector.FailureCount == Items, Within.Timeout), $"{collector.FailureCount} failures arrived");
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var before = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Single(await before.TakeAsync(1));

        await collector.DisposeAsync().AsTask().Bound();

        // Two failures still wait, but only for the reading that had begun.
        await using var after = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal("WorkStageCollector", (await Assert.ThrowsAsync<ObjectDisposedException>(() => after.MoveNextAsync().AsTask()).Bound()).ObjectName);
        await before.TakeAsync(Items - 1);
        Assert.False(await before.MoveNextAsync().AsTask().Bound(), "the reading went on past what had arrived");
    }

    [Fact]
    public async Task An_implementation_that_awaits_its_own_workers_dispose_sends_its_result_and_the_worker_then_closes()
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stage = new ClosingWorkStage();

        // A drain timeout longer than the test's bound: a dispose that waited for the item awaiting it would show.
        var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { DrainTimeout = 4 * Within.Timeout });
        stage.Worker = worker;
        worker.Start();
        await producer.Process(new WorkItem(5)).Bound();

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(new WorkResult(5, "closing"), (await results.TakeAsync(1)).Single());
        await worker.DisposeAsync().Bound();
        Assert.Equal(1, worker.ItemsProcessed);
    }

    [Fact]
    public async Task Items_still_running_when_the_drain_timeout_ends_are_reported_as_failures()
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var stage = new TestWorkStage("w") { Gated = true };
        var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { DrainTimeout = TimeSpan.FromMilliseconds(100) });
        worker.Start();
        await producer.Process(new WorkItem(7));
        await stage.StartedEnough.Task.WaitAsync(Within.Timeout);

        await worker.DisposeAsync().AsTask().WaitAsync(Within.Timeout);
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failure = (await failures.TakeAsync(1)).Single();
        Assert.Equal(ZmqErrorCode.Interrupted, failure.Error.Code);
        Assert.Contains("the worker shut down while the item's handler ran: the item may have been processed", failure.Error.Message);
        Assert.Equal(7, failure.ReadItem<WorkItem>().Num);
        Assert.Equal(1, worker.ItemsFailed);
    }

    /// <summary>A stage whose one item shuts its own worker down, then gives its result.</summary>
    private sealed class ClosingWorkStage : IWorkStage
    {
        public WorkStageWorker? Worker { get; set; }

        public async ValueTask<WorkResult> Process(WorkItem item, CancellationToken cancellationToken = default)
        {
            await Worker!.DisposeAsync();
            return new WorkResult(item.Num, "closing");
        }
    }
}
