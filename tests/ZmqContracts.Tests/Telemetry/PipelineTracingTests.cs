using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>
/// Pipeline spans and metrics over real sockets (docs/observability.md, "Publish/subscribe and pipeline spans"): the
/// producer's send, the worker's processing and its result's send, and the collector's receive form one trace, each a
/// child of the one before through the zmqc.trace frame, when the stage's messages carry it.
/// </summary>
[Collection(nameof(Tracing))]
public class PipelineTracingTests
{
    private const string Items = "WorkStage/Process";
    private const string Results = "WorkStage/Process result";

    private static readonly ZmqProducerOptions TracedProducer = new() { TraceContextFrame = ZmqTraceContextFrame.Always };
    private static readonly ZmqWorkerOptions TracedWorker = new() { TraceContextFrame = ZmqTraceContextFrame.Always };

    [Fact]
    public async Task The_producers_send_the_workers_process_and_send_and_the_collectors_receive_form_one_trace()
    {
        using var telemetry = new RecordedTelemetry();
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort, TracedProducer);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, collector.Endpoint, TracedWorker);
        worker.Start();
        await producer.Process(new WorkItem(1)).Bound();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(1, (await results.TakeAsync(1)).Single().Num);

        var spans = await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == $"process {Items}") && spans.Any(span => span.DisplayName == $"receive {Results}"));
        var send = Assert.Single(spans, span => span.DisplayName == $"send {Items}");
        var process = Assert.Single(spans, span => span.DisplayName == $"process {Items}");
        var sendResult = Assert.Single(spans, span => span.DisplayName == $"send {Results}");
        var receive = Assert.Single(spans, span => span.DisplayName == $"receive {Results}");
        Assert.Equal(
            [ActivityKind.Producer, ActivityKind.Consumer, ActivityKind.Producer, ActivityKind.Consumer],
            new[] { send, process, sendResult, receive }.Select(span => span.Kind));
        Assert.Equal(default, send.ParentSpanId);
        Assert.Equal((send.TraceId, send.SpanId), (process.TraceId, process.ParentSpanId));
        Assert.Equal((process.TraceId, process.SpanId), (sendResult.TraceId, sendResult.ParentSpanId));
        Assert.Equal((sendResult.TraceId, sendResult.SpanId), (receive.TraceId, receive.ParentSpanId));
        Assert.All([send, process, sendResult, receive], span =>
        {
            Assert.Equal("zeromq", span.GetTagItem("messaging.system"));
            Assert.Null(span.GetTagItem("messaging.destination.template"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        });
        Assert.Equal(Items, process.GetTagItem("messaging.destination.name"));
        Assert.Equal(Results, receive.GetTagItem("messaging.destination.name"));
        Assert.Equal(["send", "process", "send", "receive"], new[] { send, process, sendResult, receive }.Select(span => span.GetTagItem("messaging.operation.type")));
    }

    [Fact]
    public async Task Through_a_relay_the_next_stages_processing_is_a_child_of_the_first_stages_result_send()
    {
        using var telemetry = new RecordedTelemetry();
        await using var collector = new ReviewStageCollector(Loopback.AnyPort);
        await using var relay = new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort, TracedProducer);
        await using var first = new WorkStageWorker(new TestWorkStage("a"), producer.Endpoint, relay.InputEndpoint, TracedWorker);
        await using var second = new ReviewStageWorker(new TestReviewStage("b"), relay.OutputEndpoint, collector.Endpoint, TracedWorker);
        first.Start();
        second.Start();
        await producer.Process(new WorkItem(5)).Bound();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var reviews = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(5, (await reviews.TakeAsync(1)).Single().Num);

        var spans = await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == "process ReviewStage/Review") && spans.Any(span => span.DisplayName == "receive ReviewStage/Review result"));
        var firstResult = Assert.Single(spans, span => span.DisplayName == $"send {Results}");
        var review = Assert.Single(spans, span => span.DisplayName == "process ReviewStage/Review");
        var reviewResult = Assert.Single(spans, span => span.DisplayName == "send ReviewStage/Review result");
        var receive = Assert.Single(spans, span => span.DisplayName == "receive ReviewStage/Review result");
        Assert.Equal((firstResult.TraceId, firstResult.SpanId), (review.TraceId, review.ParentSpanId));
        Assert.Equal((review.TraceId, review.SpanId), (reviewResult.TraceId, reviewResult.ParentSpanId));
        Assert.Equal((reviewResult.TraceId, reviewResult.SpanId), (receive.TraceId, receive.ParentSpanId));
    }

    [Fact]
    public async Task A_one_operation_stages_items_stay_one_frame_by_default_and_its_worker_processes_them_in_a_trace_of_its_own()
    {
        using var telemetry = new RecordedTelemetry();
        await using var rawProducer = new WorkStageProducer(Loopback.AnyPort);
        using (var rawWorker = new PullSocket())
        {
            rawWorker.Connect(rawProducer.Endpoint);
            await rawProducer.Process(new WorkItem(1)).Bound();
            var item = new NetMQMessage();
            Assert.True(rawWorker.TryReceiveMultipartMessage(Within.Timeout, ref item), "no item came");
            Assert.Equal(1, item.FrameCount);
        }

        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, collector.Endpoint);
        worker.Start();
        await producer.Process(new WorkItem(2)).Bound();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(2, (await results.TakeAsync(1)).Single().Num);

        var spans = await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == $"process {Items}") && spans.Any(span => span.DisplayName == $"receive {Results}"));
        var process = Assert.Single(spans, span => span.DisplayName == $"process {Items}");
        Assert.Equal(default, process.ParentSpanId);
        Assert.DoesNotContain(spans, span => span.DisplayName == $"send {Items}" && span.TraceId == process.TraceId);
        Assert.Equal(default, Assert.Single(spans, span => span.DisplayName == $"receive {Results}").ParentSpanId);
    }

    [Fact]
    public async Task An_acknowledged_items_trace_frame_follows_its_id_on_every_delivery_and_redeliveries_and_abandonments_are_counted()
    {
        using var telemetry = new RecordedTelemetry();
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = Loopback.FreeEndpoint(),
            RedeliveryTimeout = TimeSpan.FromMilliseconds(100),
            MaxRedeliveries = 1,
        });
        using var rawWorker = new PullSocket();
        rawWorker.Connect(producer.Endpoint);
        await producer.Process(new WorkItem(1)).Bound();

        // No collector acknowledges: the item comes once, again once, then the producer gives up on it.
        var deliveries = new List<NetMQMessage>();
        for (var delivery = 0; delivery < 2; delivery++)
        {
            var item = new NetMQMessage();
            Assert.True(rawWorker.TryReceiveMultipartMessage(Within.Timeout, ref item), $"delivery {delivery + 1} never came");
            deliveries.Add(item);
        }

        Assert.True(SpinWait.SpinUntil(() => producer.ItemsAbandoned == 1, Within.Timeout), "the item was never abandoned");
        var send = Assert.Single(await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == $"send {Items}")), span => span.DisplayName == $"send {Items}");
        Assert.All(deliveries, item =>
        {
            Assert.Equal(3, item.FrameCount);
            Assert.StartsWith("zmqc.id", Encoding.ASCII.GetString(item[1].Buffer, 0, 7));
            Assert.Contains($"\ntraceparent=00-{send.TraceId}-{send.SpanId}-", item[2].ConvertToString(Encoding.UTF8));
        });
        Assert.Equal(1, producer.ItemsRedelivered);
        foreach (var instrument in new[] { "zmqcontracts.pipeline.redeliveries", "zmqcontracts.pipeline.abandoned_items" })
        {
            var counted = Assert.Single(telemetry.Measurements, measurement => measurement.Instrument == instrument);
            Assert.Equal(1, counted.Value);
            Assert.Equal(Items, counted.Tags["messaging.destination.name"]);
            Assert.Equal("zeromq", counted.Tags["messaging.system"]);
        }
    }

    [Fact]
    public async Task A_failing_handler_ends_the_workers_process_span_in_error_and_its_failure_goes_on_to_the_collectors_receive_span_in_error()
    {
        using var telemetry = new RecordedTelemetry();
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort, TracedProducer);
        await using var worker = new WorkStageWorker(new TestWorkStage("w") { FailsFor = _ => true }, producer.Endpoint, collector.Endpoint, TracedWorker);
        worker.Start();
        await producer.Process(new WorkItem(13)).Bound();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(13, (await failures.TakeAsync(1)).Single().ReadItem<WorkItem>().Num);

        var spans = await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == $"process {Items}"));
        var process = Assert.Single(spans, span => span.DisplayName == $"process {Items}");
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        Assert.Equal("System.InvalidOperationException", process.GetTagItem("error.type"));
        Assert.Equal("item 13 is cursed", process.StatusDescription);
        var sendFailure = Assert.Single(spans, span => span.DisplayName == $"send {Results}");
        Assert.Equal(process.SpanId, sendFailure.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, sendFailure.Status);
        var receiveFailure = Assert.Single(spans, span => span.DisplayName == $"receive {Results}");
        Assert.Equal((sendFailure.TraceId, sendFailure.SpanId), (receiveFailure.TraceId, receiveFailure.ParentSpanId));
        Assert.Equal(ActivityStatusCode.Error, receiveFailure.Status);
        Assert.Equal("HandlerFailed", receiveFailure.GetTagItem("error.type"));
        var consumed = Assert.Single(telemetry.Measurements, measurement => measurement.Instrument == "messaging.client.consumed.messages" && Equals(measurement.Tags["messaging.destination.name"], Items));
        Assert.Equal("System.InvalidOperationException", consumed.Tags["error.type"]);
    }

    [Fact]
    public async Task An_item_the_workers_close_gave_up_on_ends_its_process_span_in_error_when_its_handler_returns_at_last()
    {
        using var telemetry = new RecordedTelemetry();
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort, TracedProducer);
        var stage = new TestWorkStage("stuck") { Gated = true, IgnoresCancellation = true };
        var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, TracedWorker with { MaxConcurrency = 1, DrainTimeout = TimeSpan.FromMilliseconds(100) });
        worker.Start();
        await producer.Process(new WorkItem(7)).Bound();
        await stage.StartedEnough.Task.Bound();

        // Past the drain and its second, the close reports the item interrupted; the handler returns after that.
        await worker.DisposeAsync().AsTask().Bound();
        stage.Release();

        var spans = await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == $"process {Items}"));
        var process = Assert.Single(spans, span => span.DisplayName == $"process {Items}");
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        Assert.Equal("the worker shut down while the item's handler ran: the item may have been processed, in part or in full", process.StatusDescription);
    }

    [Fact]
    public async Task Items_and_results_sent_and_consumed_are_counted_and_timed_in_seconds_per_destination()
    {
        const int Count = 4;
        using var telemetry = new RecordedTelemetry();
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, collector.Endpoint);
        worker.Start();
        for (var num = 0; num < Count; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(Count, (await results.TakeAsync(Count)).Count);

        // A worker's processing ends once its result is sent, which may be after the collector read it.
        await telemetry.WaitForSpansAsync(spans => spans.Count(span => span.DisplayName == $"process {Items}") == Count);
        double Sum(string instrument, string destination, string operation) => telemetry.Measurements
            .Where(measurement => measurement.Instrument == instrument && Equals(measurement.Tags.GetValueOrDefault("messaging.destination.name"), destination))
            .Where(measurement => Equals(measurement.Tags["messaging.operation.type"], operation))
            .Sum(measurement => measurement.Value);
        Assert.Equal(Count, Sum("messaging.client.sent.messages", Items, "send"));
        Assert.Equal(Count, Sum("messaging.client.consumed.messages", Items, "process"));
        Assert.Equal(Count, Sum("messaging.client.sent.messages", Results, "send"));
        Assert.Equal(Count, Sum("messaging.client.consumed.messages", Results, "receive"));
        foreach (var (instrument, destination) in new[] { ("messaging.client.operation.duration", Items), ("messaging.client.operation.duration", Results), ("messaging.process.duration", Items) })
        {
            var durations = telemetry.Measurements.Where(measurement => measurement.Instrument == instrument && Equals(measurement.Tags["messaging.destination.name"], destination)).ToList();
            Assert.Equal(Count, durations.Count);
            Assert.All(durations, duration =>
            {
                Assert.Equal("s", duration.Unit);
                Assert.InRange(duration.Value, 0, Within.Timeout.TotalSeconds);
            });
        }
    }

    [Fact]
    public async Task An_item_no_worker_ever_had_room_for_is_counted_dropped_when_its_producer_closes()
    {
        using var telemetry = new RecordedTelemetry();
        var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { Linger = TimeSpan.Zero });

        // No worker is connected: the item waits for room, which never comes before the producer closes.
        await producer.Process(new WorkItem(1)).Bound();
        await producer.DisposeAsync().AsTask().Bound();

        var dropped = Assert.Single(telemetry.Measurements, measurement => measurement.Instrument == "zmqcontracts.dropped_messages");
        Assert.Equal(1, dropped.Value);
        Assert.Equal("zeromq", dropped.Tags["messaging.system"]);
    }
}
