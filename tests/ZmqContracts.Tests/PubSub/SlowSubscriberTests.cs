using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>Late and slow subscribers: the handshake that replaces sleeping, and the Wait mode that replaces dropping.</summary>
public class SlowSubscriberTests
{
    [Fact]
    public async Task After_dispose_a_publish_in_Wait_mode_and_a_wait_for_a_subscriber_name_the_publisher()
    {
        var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait });
        await publisher.DisposeAsync();

        Assert.Equal("ZmqPublisher", (await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.PublishAsync(new Tick(1)).AsTask())).ObjectName);
        Assert.Equal("ZmqPublisher", (await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.WaitForSubscriberAsync<Tick>())).ObjectName);
    }

    [Fact]
    public async Task A_publish_cancelled_while_it_waited_leaves_no_failure_unobserved_when_the_publisher_is_disposed()
    {
        var unobserved = new ConcurrentQueue<AggregateException>();
        EventHandler<UnobservedTaskExceptionEventArgs> record = (_, e) =>
        {
            if (e.Exception.InnerExceptions.Any(inner => inner is ObjectDisposedException { ObjectName: "ZmqPublisher" }))
            {
                unobserved.Enqueue(e.Exception);
            }
        };
        TaskScheduler.UnobservedTaskException += record;
        try
        {
            var publisher = await CancelAWaitingPublishThenDisposeAsync();

            // Once the disposed publisher is collected, so is what it held, and a failure nobody observed is reported.
            Assert.True(
                SpinWait.SpinUntil(() => { GC.Collect(); GC.WaitForPendingFinalizers(); return !publisher.IsAlive; }, Within.Timeout),
                "the disposed publisher was never collected");
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= record;
        }

        Assert.Empty(unobserved);
    }

    /// <summary>
    /// Makes a publish wait for a peer that never acknowledges (a raw socket subscribed to an identity topic of its own),
    /// cancels it, and disposes the publisher; returns a weak reference to it, the only one this test keeps.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> CancelAWaitingPublishThenDisposeAsync()
    {
        const int Window = 2;
        var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait, WaitWindow = Window });
        using var silentPeer = new SubscriberSocket();
        silentPeer.Subscribe("zmqc.flow.0123456789abcdef");
        silentPeer.Subscribe("ticks");
        silentPeer.Connect(publisher.Endpoint);
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        for (var sequence = 0; sequence < Window; sequence++)
        {
            await publisher.PublishAsync(new Tick(sequence)).AsTask().Bound();
        }

        using var cancellation = new CancellationTokenSource();
        var waiting = publisher.PublishAsync(new Tick(Window), cancellation.Token).AsTask();
        Assert.False(waiting.IsCompleted, "a publish past the window of a peer that never acknowledges did not wait");
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Bound());
        await publisher.DisposeAsync();
        return new WeakReference(publisher);
    }

    [Fact]
    public async Task In_wait_mode_100000_messages_all_arrive_in_order()
    {
        const int Count = 100_000;
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait, WaitWindow = 500 });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { BufferCapacity = 64 });
        var received = subscriber.Subscribe<Tick>().StartTaking(Count);
        await publisher.WaitForSubscriberAsync<Tick>().Bound();

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        for (long sequence = 0; sequence < Count; sequence++)
        {
            await publisher.PublishAsync(new Tick(sequence), timeout.Token);
        }

        var ticks = await received.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(Enumerable.Range(0, Count).Select(sequence => (long)sequence), ticks.Select(tick => tick.Sequence));
        Assert.Equal(0, subscriber.Statistics.Undeserializable + subscriber.Statistics.Malformed);
        Assert.Equal(0, subscriber.Statistics.Missed);
    }

    [Fact]
    public async Task In_wait_mode_a_stalled_consumer_makes_publishing_wait_and_cancellation_ends_the_wait()
    {
        const int Window = 100;
        const int Buffer = 10;
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait, WaitWindow = Window });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { BufferCapacity = Buffer });
        await using var ticks = subscriber.Subscribe<Tick>().GetAsyncEnumerator();
        var first = ticks.MoveNextAsync();
        await publisher.WaitForSubscriberAsync<Tick>().Bound();

        // Nobody reads past the first tick: the subscriber's buffer fills, it stops reading, acknowledgements stop.
        // A window's worth never waits; past it, a publish that has not completed within a second is taken as waiting,
        // which must happen before the window plus what the subscriber took in: its buffer, the tick in hand, the one it paused on.
        var published = 0;
        for (; published < Window; published++)
        {
            await publisher.PublishAsync(new Tick(published)).AsTask().Bound();
        }

        while (true)
        {
            Assert.True(published <= Window + Buffer + 2, $"Published {published} ticks to a stalled subscriber without waiting.");
            using var stalled = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await publisher.PublishAsync(new Tick(published), stalled.Token);
                published++;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Assert.InRange(published, Window, Window + Buffer + 2);
        Assert.True(await first.AsTask().Bound());
        for (var sequence = 1; sequence < published; sequence++)
        {
            Assert.True(await ticks.MoveNextAsync().AsTask().Bound());
            Assert.Equal(sequence, ticks.Current.Sequence);
        }

        await publisher.PublishAsync(new Tick(published)).AsTask().Bound();
        Assert.True(await ticks.MoveNextAsync().AsTask().Bound());
        Assert.Equal(published, ticks.Current.Sequence);
    }

    [Fact]
    public async Task In_wait_mode_a_marker_left_unanswered_is_sent_again_and_publishing_goes_on_once_it_is_acknowledged()
    {
        // A window of 2 sends a marker after every message, and waits at the third: a peer that answers none of the
        // first two markers leaves the publish waiting for an acknowledgement that only a marker sent again can bring.
        const int Unanswered = 2;
        const int Published = 6;
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait, WaitWindow = 2 });
        using var peer = new XSubscriberSocket();
        peer.Connect(publisher.Endpoint);
        var identity = FlowFrames.IdentityTopic(FlowFrames.NewId());
        peer.SendFrame(FlowFrames.Subscription(true, identity));
        peer.SendFrame(FlowFrames.Subscription(true, "ticks"u8));
        await publisher.WaitForSubscriberAsync<Tick>().Bound();

        using var done = new CancellationTokenSource();
        var markers = 0;
        var answering = Task.Run(() =>
        {
            var message = new NetMQMessage();
            for (var i = 0; i < 100_000 && !done.IsCancellationRequested; i++)
            {
                if (peer.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref message)
                    && message[0].Span().SequenceEqual(identity)
                    && ++markers > Unanswered)
                {
                    peer.SendMultipartMessage(FlowFrames.Ack(identity, message[1].ToByteArray()));
                }

                message = new NetMQMessage();
            }
        });

        for (var sequence = 0; sequence < Published; sequence++)
        {
            await publisher.PublishAsync(new Tick(sequence)).AsTask().Bound();
        }

        done.Cancel();
        await answering.Bound();
        Assert.True(markers > Unanswered + 1, $"{markers} markers came");
    }

    [Fact]
    public async Task In_wait_mode_with_heartbeats_a_subscriber_whose_connection_goes_half_open_is_no_longer_waited_for()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions
        {
            SlowSubscribers = SlowSubscriberMode.Wait,
            WaitWindow = 2,
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
        });
        using var proxy = new FreezableProxy(publisher.Endpoint);
        await using var subscriber = new ZmqSubscriber(proxy.Endpoint);
        var first = subscriber.Subscribe<Tick>().StartTaking(1);
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        await publisher.PublishAsync(new Tick(0)).Bound();
        Assert.Equal(0, (await first.Bound()).Single().Sequence);

        // Nothing passes any more, and nothing closes: the subscriber acknowledges nothing, and a window of 2 makes the
        // third publish wait for it. Only the heartbeats its connection no longer answers end the wait, by dropping it.
        proxy.Freeze();
        for (var sequence = 1; sequence <= 10; sequence++)
        {
            await publisher.PublishAsync(new Tick(sequence)).Bound();
        }
    }

    [Fact]
    public async Task A_late_subscriber_that_the_publisher_waits_for_gets_everything_published_after()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        for (var sequence = 0; sequence < 100; sequence++)
        {
            await publisher.PublishAsync(new Tick(sequence));
        }

        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = Task.Run(() => subscriber.Subscribe<Tick>().TakeUntilAsync(tick => tick.Sequence == 199, 200));
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        for (var sequence = 100; sequence < 200; sequence++)
        {
            await publisher.PublishAsync(new Tick(sequence));
        }

        // Publishing completes once a message is queued, so the last of the first hundred may still go out after the
        // subscription arrived: a subscriber may get those too, in order, before the hundred published after.
        var ticks = (await received.Bound()).ConvertAll(tick => tick.Sequence);
        Assert.Equal(Enumerable.Range((int)ticks[0], ticks.Count).Select(sequence => (long)sequence), ticks);
        Assert.InRange(ticks[0], 0, 100);

        // Its first message is where its stream starts: what was published before was not its to miss.
        Assert.Equal(0, subscriber.Statistics.Missed);
    }
}
