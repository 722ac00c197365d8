using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>Late and slow subscribers: the handshake that replaces sleeping, and the Wait mode that replaces dropping.</summary>
public class SlowSubscriberTests
{
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
