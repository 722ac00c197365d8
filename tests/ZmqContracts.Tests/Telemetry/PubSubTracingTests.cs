using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>
/// Publish/subscribe spans over real sockets (docs/observability.md, "Publish/subscribe and pipeline spans"): a Producer
/// span per publish, and a Consumer span per message delivered, a child of the publisher's span through the zmqc.trace
/// frame, never of the subscriber's reading thread's span.
/// </summary>
[Collection(nameof(Tracing))]
public class PubSubTracingTests
{
    [Fact]
    public async Task A_handlers_process_span_is_a_child_of_the_publishers_send_span_named_by_the_topic_template_whatever_span_the_consumer_runs_in()
    {
        using var telemetry = new RecordedTelemetry();
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var handled = new TaskCompletionSource<(Price Price, ActivitySpanId Current)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        // The consumer runs in a span of its own, which a message from elsewhere must not be made a child of.
        Task consuming;
        using (new Activity("the consumer's own work").Start())
        {
            consuming = subscriber.ConsumeAsync<Price>((price, _) =>
            {
                handled.TrySetResult((price, Activity.Current?.SpanId ?? default));
                return ValueTask.CompletedTask;
            }, stop.Token);
        }

        await publisher.WaitForSubscriberAsync<Price>().Bound();
        await publisher.PublishAsync(new Price("MSFT", 1, 2)).Bound();
        var (price, current) = await handled.Task.Bound();
        await stop.CancelAsync();
        await consuming.Bound();

        var spans = await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == "process prices.{Symbol}"));
        var send = Assert.Single(spans, span => span.DisplayName == "send prices.{Symbol}");
        var process = Assert.Single(spans, span => span.DisplayName == "process prices.{Symbol}");
        Assert.Equal("MSFT", price.Symbol);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal(send.TraceId, process.TraceId);
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal(process.SpanId, current);
        foreach (var (span, operation) in new[] { (send, "send"), (process, "process") })
        {
            Assert.Equal("zeromq", span.GetTagItem("messaging.system"));
            Assert.Equal(operation, span.GetTagItem("messaging.operation.type"));
            Assert.Equal("prices.MSFT", span.GetTagItem("messaging.destination.name"));
            Assert.Equal("prices.{Symbol}", span.GetTagItem("messaging.destination.template"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        }
    }

    [Fact]
    public async Task A_publish_in_a_callers_span_is_its_child_and_an_enumeration_receives_in_a_span_that_is_the_sends_child()
    {
        using var telemetry = new RecordedTelemetry();
        using var caller = new ActivitySource("ZmqContracts.Tests.Caller");
        using var callerListener = new ActivityListener
        {
            ShouldListenTo = source => source == caller,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(callerListener);
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var ticks = subscriber.Subscribe<Tick>().StartTaking(1);
        await publisher.WaitForSubscriberAsync<Tick>().Bound();

        ActivityContext work;
        using (var activity = caller.StartActivity("the caller's work")!)
        {
            work = activity.Context;
            await publisher.PublishAsync(new Tick(1)).Bound();
        }

        Assert.Equal(1, Assert.Single(await ticks.Bound()).Sequence);
        var spans = await telemetry.WaitForSpansAsync(spans => spans.Any(span => span.DisplayName == "receive ticks"));
        var send = Assert.Single(spans, span => span.DisplayName == "send ticks");
        var receive = Assert.Single(spans, span => span.DisplayName == "receive ticks");
        Assert.Equal((work.TraceId, work.SpanId), (send.TraceId, send.ParentSpanId));
        Assert.Equal((send.TraceId, send.SpanId), (receive.TraceId, receive.ParentSpanId));
        Assert.Equal(ActivityKind.Consumer, receive.Kind);
        Assert.Equal("receive", receive.GetTagItem("messaging.operation.type"));
        Assert.Equal("ticks", receive.GetTagItem("messaging.destination.name"));
        Assert.Null(receive.GetTagItem("messaging.destination.template"));
    }

    [Fact]
    public async Task A_failing_handler_ends_its_process_span_in_error_and_the_next_message_is_handled()
    {
        using var telemetry = new RecordedTelemetry();
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consuming = subscriber.ConsumeAsync<Tick>((tick, _) =>
        {
            if (tick.Sequence == 1)
            {
                throw new InvalidOperationException("tick 1 is cursed");
            }

            second.TrySetResult();
            return ValueTask.CompletedTask;
        }, stop.Token);
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        await publisher.PublishAsync(new Tick(1)).Bound();
        await publisher.PublishAsync(new Tick(2)).Bound();
        await second.Task.Bound();
        await stop.CancelAsync();
        await consuming.Bound();

        var spans = await telemetry.WaitForSpansAsync(spans => spans.Count(span => span.DisplayName == "process ticks") == 2);
        var processes = spans.Where(span => span.DisplayName == "process ticks").ToList();
        var failed = Assert.Single(processes, span => span.Status == ActivityStatusCode.Error);
        Assert.Equal("System.InvalidOperationException", failed.GetTagItem("error.type"));
        Assert.Equal("tick 1 is cursed", failed.StatusDescription);
        Assert.Single(processes, span => span.Status == ActivityStatusCode.Unset && span.GetTagItem("error.type") is null);
        Assert.Equal(1, subscriber.Statistics.HandlerFailures);
        var consumed = telemetry.Measurements.Where(measurement => measurement.Instrument == "messaging.client.consumed.messages" && Equals(measurement.Tags["messaging.destination.name"], "ticks")).ToList();
        Assert.Equal(2, consumed.Sum(measurement => measurement.Value));
        Assert.Equal("System.InvalidOperationException", Assert.Single(consumed, measurement => measurement.Tags.ContainsKey("error.type")).Tags["error.type"]);
    }

    [Fact]
    public async Task Sends_and_handled_messages_are_counted_and_timed_in_seconds_tagged_with_the_template_not_the_topic()
    {
        const int Count = 3;
        using var telemetry = new RecordedTelemetry();
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var handled = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consuming = subscriber.ConsumeAsync<Price>((_, _) =>
        {
            if (Interlocked.Increment(ref handled) == Count)
            {
                all.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, stop.Token);
        await publisher.WaitForSubscriberAsync<Price>().Bound();
        foreach (var symbol in new[] { "MSFT", "AAPL", "NVDA" })
        {
            await publisher.PublishAsync(new Price(symbol, 1, 2)).Bound();
        }

        await all.Task.Bound();
        await stop.CancelAsync();
        await consuming.Bound();

        var ours = telemetry.Measurements.Where(measurement => Equals(measurement.Tags.GetValueOrDefault("messaging.destination.template"), "prices.{Symbol}")).ToList();
        Assert.All(ours, measurement =>
        {
            Assert.Equal("zeromq", measurement.Tags["messaging.system"]);
            Assert.False(measurement.Tags.ContainsKey("messaging.destination.name"), "a topic is too many values for a metric's tag");
        });
        Assert.Equal(Count, ours.Where(measurement => measurement.Instrument == "messaging.client.sent.messages").Sum(measurement => measurement.Value));
        Assert.Equal(Count, ours.Where(measurement => measurement.Instrument == "messaging.client.consumed.messages").Sum(measurement => measurement.Value));
        foreach (var (instrument, operation) in new[] { ("messaging.client.operation.duration", "send"), ("messaging.process.duration", "process") })
        {
            var durations = ours.Where(measurement => measurement.Instrument == instrument).ToList();
            Assert.Equal(Count, durations.Count);
            Assert.All(durations, duration =>
            {
                Assert.Equal("s", duration.Unit);
                Assert.Equal(operation, duration.Tags["messaging.operation.type"]);
                Assert.InRange(duration.Value, 0, Within.Timeout.TotalSeconds);
            });
        }
    }

    [Fact]
    public async Task Messages_missed_from_a_publishers_numbering_are_counted()
    {
        using var telemetry = new RecordedTelemetry();
        using var publisher = new PubSubTesting.RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Tick>().StartTaking(2);
        Assert.Equal("+ticks", publisher.NextSubscription());
        byte[] id = [1, 2, 3, 4, 5, 6, 7, 8];

        // Numbers 2 and 3 never come.
        publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(1)), PubSubTesting.Position(id, 1));
        publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(4)), PubSubTesting.Position(id, 4));

        Assert.Equal(2, (await received.Bound()).Count);
        var missed = Assert.Single(telemetry.Measurements, measurement => measurement.Instrument == "zmqcontracts.subscriber.missed_messages");
        Assert.Equal(2, missed.Value);
        Assert.Equal("zeromq", missed.Tags["messaging.system"]);
        Assert.Equal(2, subscriber.Statistics.Missed);
    }

    [Fact]
    public async Task The_trace_goes_through_a_proxy_whose_subscribers_still_check_the_numbering()
    {
        const int Count = 5;
        using var telemetry = new RecordedTelemetry();
        await using var proxy = new ZmqPubSubProxy(Loopback.AnyPort, Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(proxy.SubscriberEndpoint);
        await using var publisher = new ZmqPublisher(proxy.PublisherEndpoint, new ZmqPublisherOptions { Connect = true });
        await PublishEachReceivedInItsSendsTraceAsync(telemetry, publisher, subscriber, Count);
        Assert.Equal(0, subscriber.Statistics.Unnumbered);
        Assert.Equal(0, subscriber.Statistics.Missed);
        Assert.Equal(0, subscriber.Statistics.Malformed);
    }

    [Fact]
    public async Task A_publisher_in_wait_mode_carries_the_trace_beside_its_flow_control()
    {
        const int Count = 20;
        using var telemetry = new RecordedTelemetry();
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait, WaitWindow = 4 });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var sends = await PublishEachReceivedInItsSendsTraceAsync(telemetry, publisher, subscriber, Count);
        Assert.Equal(Count, sends.Count);
        Assert.Equal(0, subscriber.Statistics.Missed);
    }

    [Fact]
    public async Task An_unnumbering_publisher_still_carries_the_trace_and_one_told_never_to_sends_no_frame_and_its_subscriber_starts_a_new_trace()
    {
        using var telemetry = new RecordedTelemetry();
        await using var unnumbered = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { NumberMessages = false });
        await using var untraced = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { TraceContextFrame = ZmqTraceContextFrame.Never });
        await using var subscriber = new ZmqSubscriber([unnumbered.Endpoint, untraced.Endpoint]);
        var ticks = subscriber.Subscribe<Tick>().StartTaking(2);
        await unnumbered.WaitForSubscriberAsync<Tick>().Bound();
        await untraced.WaitForSubscriberAsync<Tick>().Bound();
        await unnumbered.PublishAsync(new Tick(1)).Bound();
        await untraced.PublishAsync(new Tick(2)).Bound();

        Assert.Equal([1L, 2L], (await ticks.Bound()).Select(tick => tick.Sequence).Order());
        var spans = await telemetry.WaitForSpansAsync(spans => spans.Count(span => span.DisplayName == "receive ticks") == 2);
        var sends = spans.Where(span => span.DisplayName == "send ticks").ToList();
        var receives = spans.Where(span => span.DisplayName == "receive ticks").ToList();
        Assert.Equal(2, sends.Count);
        var traced = Assert.Single(receives, receive => sends.Any(send => send.SpanId == receive.ParentSpanId && send.TraceId == receive.TraceId));
        var root = Assert.Single(receives, receive => receive != traced);
        Assert.Equal(default, root.ParentSpanId);
        Assert.DoesNotContain(sends, send => send.TraceId == root.TraceId);

        // The unnumbered publisher's third frame is its trace frame: counted unnumbered, as any pyzmq publisher's message.
        Assert.Equal(1, subscriber.Statistics.Unnumbered);
        Assert.Equal(0, subscriber.Statistics.Malformed);
    }

    /// <summary>
    /// Publishes ticks 1 to <paramref name="count"/> once the subscriber is there, checks they all arrive in order, and
    /// that each enumeration's receive span is in the trace of the send it has as parent; returns the send spans by id.
    /// </summary>
    private static async Task<Dictionary<ActivitySpanId, Activity>> PublishEachReceivedInItsSendsTraceAsync(RecordedTelemetry telemetry, ZmqPublisher publisher, ZmqSubscriber subscriber, int count)
    {
        var ticks = subscriber.Subscribe<Tick>().StartTaking(count);
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        for (var sequence = 1; sequence <= count; sequence++)
        {
            await publisher.PublishAsync(new Tick(sequence)).Bound();
        }

        Assert.Equal(Enumerable.Range(1, count).Select(sequence => (long)sequence), (await ticks.Bound()).Select(tick => tick.Sequence));
        var spans = await telemetry.WaitForSpansAsync(spans => spans.Count(span => span.DisplayName == "receive ticks") == count);
        var sends = spans.Where(span => span.DisplayName == "send ticks").ToDictionary(span => span.SpanId);
        Assert.All(spans.Where(span => span.DisplayName == "receive ticks"), receive => Assert.Equal(sends[receive.ParentSpanId].TraceId, receive.TraceId));
        return sends;
    }
}
