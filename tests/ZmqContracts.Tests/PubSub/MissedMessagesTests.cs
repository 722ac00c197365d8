using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>
/// Loss is never silent: publishers number the messages of each topic, and a subscriber counts, logs and reports the
/// numbers that never came — and nothing else: late joins, restarted publishers, several publishers, unnumbered peers
/// and hostile position frames are not gaps.
/// </summary>
public class MissedMessagesTests
{
    private static readonly string[] Lanes = ["a", "b"];

    [Fact]
    public async Task A_slow_subscriber_in_drop_mode_accounts_for_every_message_per_topic_received_or_reported_missed()
    {
        const int PerLane = 1_500;
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SendHighWatermark = 100 });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { ReceiveHighWatermark = 10, BufferCapacity = 8 });
        var reports = new MissedReports(subscriber);
        await using var bulk = subscriber.Subscribe<Bulk>().GetAsyncEnumerator();
        var first = bulk.MoveNextAsync();
        await publisher.WaitForSubscriberAsync<Bulk>().Bound();

        // Nobody reads during the burst: the subscriber's buffer fills, it stops reading, and 48 MiB of messages
        // overflow the socket buffers and the publisher's high-water mark, where ZeroMQ drops them.
        var filler = new byte[16 * 1024];
        var sent = Lanes.ToDictionary(lane => lane, _ => 0L);
        for (var number = 1; number <= PerLane; number++)
        {
            foreach (var lane in Lanes)
            {
                await publisher.PublishAsync(new Bulk(lane, number, filler)).AsTask().Bound();
                sent[lane] = number;
            }
        }

        // Only a message that arrives shows what was lost before it, so each lane must end with one that arrives. For
        // each message of the burst read, both lanes get a small closing message; the last ones are published once the
        // burst's backlog is read, when only small closing messages can be on their way, far from any high-water mark.
        // Drop mode may still drop a closing message while the backlog drains (the socket thread the subscriber shares
        // can be slow to read): when nothing arrives for a second, each lane not yet closed gets another one.
        var received = new List<Bulk>();
        bool Closed(string lane) => received.LastOrDefault(message => message.Lane == lane)?.Number == sent[lane];
        for (var read = 0; received.Count == 0 || !Lanes.All(Closed); read++)
        {
            Assert.True(read <= 4 * PerLane, "the closing messages never arrived");
            var next = (read == 0 ? first : bulk.MoveNextAsync()).AsTask();
            for (var idle = 0; !await ArrivesWithin(next, TimeSpan.FromSeconds(1)); idle++)
            {
                Assert.True(idle < 30, "the closing messages never arrived");
                foreach (var lane in Lanes.Where(lane => !Closed(lane)))
                {
                    await publisher.PublishAsync(new Bulk(lane, ++sent[lane], [])).AsTask().Bound();
                }
            }

            Assert.True(await next, "the subscription ended");
            received.Add(bulk.Current);
            if (bulk.Current.Filler.Length != 0)
            {
                foreach (var lane in Lanes)
                {
                    await publisher.PublishAsync(new Bulk(lane, ++sent[lane], [])).AsTask().Bound();
                }
            }
        }

        var missed = await reports.AllAsync();
        Assert.True(subscriber.Statistics.Missed > 0, "the burst never overflowed the high-water mark");
        foreach (var lane in Lanes)
        {
            var numbers = received.Where(message => message.Lane == lane).Select(message => message.Number).ToList();
            var gaps = missed.Where(report => report.Topic == $"bulk.{lane}").ToList();
            Assert.Equal(sent[lane], numbers.Count + gaps.Sum(report => report.Missed));

            // The publisher numbers each topic 1, 2, 3…, as the test numbered the lanes: each report names exactly
            // the numbers that did not arrive.
            var missing = Enumerable.Range(1, (int)sent[lane]).Select(number => (long)number).Except(numbers);
            Assert.Equal(missing, gaps.SelectMany(report => Enumerable.Range((int)report.ExpectedSequence, (int)report.Missed).Select(number => (long)number)));
        }

        Assert.Single(missed.Select(report => report.Publisher).Distinct());
        Assert.Equal(0, subscriber.Statistics.Unnumbered);
    }

    [Fact]
    public async Task A_publisher_restarted_on_the_same_endpoint_is_a_new_stream_not_a_gap()
    {
        var first = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(first.Endpoint);
        var reports = new MissedReports(subscriber);
        await using var ticks = subscriber.Subscribe<Tick>().GetAsyncEnumerator();
        var firstTick = ticks.MoveNextAsync();
        await first.WaitForSubscriberAsync<Tick>().Bound();
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            await first.PublishAsync(new Tick(sequence));
        }

        foreach (var sequence in new long[] { 1, 2, 3 })
        {
            Assert.True(await (sequence == 1 ? firstTick : ticks.MoveNextAsync()).AsTask().Bound());
            Assert.Equal(sequence, ticks.Current.Sequence);
        }

        await first.DisposeAsync();

        // The new publisher numbers from 1 again, and its first ten go out before the subscriber is back: had it kept
        // the old stream, its eleventh would look like a gap of seven after the old third.
        await using var second = new ZmqPublisher(first.Endpoint);
        for (var sequence = 101; sequence <= 110; sequence++)
        {
            await second.PublishAsync(new Tick(sequence));
        }

        await second.WaitForSubscriberAsync<Tick>().Bound();
        await second.PublishAsync(new Tick(111));
        for (var read = 0; ticks.Current.Sequence != 111; read++)
        {
            Assert.True(read <= 11, "the tick published after the subscriber came back never arrived");
            Assert.True(await ticks.MoveNextAsync().AsTask().Bound());
        }

        Assert.Empty(await reports.AllAsync());
        Assert.Equal(0, subscriber.Statistics.Missed);
    }

    [Fact]
    public async Task Two_publishers_on_one_topic_are_two_streams()
    {
        const int Count = 200;
        await using var north = new ZmqPublisher(Loopback.AnyPort);
        await using var south = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber([north.Endpoint, south.Endpoint]);
        var received = subscriber.Subscribe<Tick>().StartTaking(2 * Count);
        await north.WaitForSubscriberAsync<Tick>().Bound();
        await south.WaitForSubscriberAsync<Tick>().Bound();

        // Both number the topic 1, 2, 3…; merged, the numbers of one interleave with the other's.
        for (var sequence = 0; sequence < Count; sequence++)
        {
            await north.PublishAsync(new Tick(sequence));
            await south.PublishAsync(new Tick(-1 - sequence));
        }

        var ticks = await received.Bound();
        Assert.Equal(Enumerable.Range(0, Count).Select(sequence => (long)sequence), ticks.Select(tick => tick.Sequence).Where(sequence => sequence >= 0).Take(Count));
        Assert.Equal(0, subscriber.Statistics.Missed);
    }

    [Fact]
    public async Task Streams_of_two_publishers_behind_one_connection_are_checked_apart_and_a_gap_names_its_publisher_topic_and_numbers()
    {
        using var proxy = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(proxy.Endpoint);
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Tick>().StartTaking(8);
        Assert.Equal("+ticks", proxy.NextSubscription());
        byte[] north = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] south = [0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x01, 0x02];

        // As an XSUB/XPUB proxy forwards them: south is complete, north lost its #3.
        foreach (var (publisher, sequence) in new[] { (north, 1L), (south, 1L), (north, 2L), (south, 2L), (south, 3L), (north, 4L), (south, 4L), (north, 5L) })
        {
            proxy.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(sequence)), Position(publisher, sequence));
        }

        Assert.Equal(8, (await received.Bound()).Count);
        var gap = Assert.Single(await reports.AllAsync());
        Assert.Equal(("0102030405060708", "ticks", 3L, 4L, 1L), (gap.Publisher, gap.Topic, gap.ExpectedSequence, gap.ReceivedSequence, gap.Missed));
    }

    [Fact]
    public async Task A_gap_in_a_topic_no_enumeration_wants_is_not_reported()
    {
        // ZeroMQ matches prefixes: the subscription to ticks lets ticksy in, which nobody here reads.
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Tick>().StartTaking(1);
        Assert.Equal("+ticks", publisher.NextSubscription());
        byte[] id = [1, 2, 3, 4, 5, 6, 7, 8];

        publisher.Send(RawPeer.Utf8("ticksy"), TopicDeliveryTests.Payload(new Tick(1)), Position(id, 1));
        publisher.Send(RawPeer.Utf8("ticksy"), TopicDeliveryTests.Payload(new Tick(5)), Position(id, 5));
        publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(1)), Position(id, 1));

        Assert.Equal(1, Assert.Single(await received.Bound()).Sequence);
        Assert.Empty(await reports.AllAsync());
        Assert.Equal((0L, 2L), (subscriber.Statistics.Missed, subscriber.Statistics.Unmatched));
    }

    [Fact]
    public async Task A_topic_read_again_after_a_while_unread_on_a_subscription_held_meanwhile_has_no_gap()
    {
        // Bids keep quotes. subscribed while no one reads asks; asks published meanwhile were not lost, only unread.
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reports = new MissedReports(subscriber);
        await using var bids = subscriber.Subscribe<BidQuote>().GetAsyncEnumerator();
        var asks = subscriber.Subscribe<AskQuote>().GetAsyncEnumerator();
        Assert.Equal("+quotes.", publisher.NextSubscription());
        byte[] id = [1, 2, 3, 4, 5, 6, 7, 8];
        void Ask(long sequence) => publisher.Send(RawPeer.Utf8("quotes.MSFT.ask"), TopicDeliveryTests.Payload(new AskQuote("MSFT", sequence)), Position(id, sequence));

        Ask(1);
        Assert.True(await asks.MoveNextAsync().AsTask().Bound());
        await asks.DisposeAsync();
        for (var sequence = 2; sequence <= 9; sequence++)
        {
            Ask(sequence);
        }

        publisher.Send(RawPeer.Utf8("quotes.MSFT.bid"), TopicDeliveryTests.Payload(new BidQuote("MSFT", 1)), Position(id, 1));
        Assert.True(await bids.MoveNextAsync().AsTask().Bound());
        await using var asksAgain = subscriber.Subscribe<AskQuote>().GetAsyncEnumerator();
        Ask(10);

        Assert.True(await asksAgain.MoveNextAsync().AsTask().Bound());
        Assert.Equal(10, asksAgain.Current.Price);
        Assert.Empty(await reports.AllAsync());
        Assert.Equal(0, subscriber.Statistics.Missed);
    }

    [Fact]
    public async Task Another_subscribers_markers_are_not_messages_to_a_subscription_whose_prefix_takes_them_in()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<FlowReading>().StartTaking(1);
        Assert.Equal("+", publisher.NextSubscription());

        // What a publisher in Wait mode sends another subscriber: its identity topic fits the template, whose empty prefix takes it in.
        publisher.Send(RawPeer.Utf8("zmqc.flow.0123456789abcdef"), [0, 0, 0, 0, 0, 0, 0, 1]);
        publisher.Send(RawPeer.Utf8("eu.flow.m1"), TopicDeliveryTests.Payload(new FlowReading("eu", "m1", 3)));

        Assert.Equal(new FlowReading("eu", "m1", 3), Assert.Single(await received.Bound()));
        Assert.Equal((0L, 1L), (subscriber.Statistics.Undeserializable, subscriber.Statistics.Unmatched));
    }

    [Fact]
    public async Task Two_frame_messages_of_a_pyzmq_style_publisher_are_delivered_unnumbered_and_never_reported()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Tick>().StartTaking(5);
        Assert.Equal("+ticks", publisher.NextSubscription());

        foreach (var sequence in new long[] { 1, 7, 3, 100, 2 })
        {
            publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(sequence)));
        }

        Assert.Equal([1, 7, 3, 100, 2], (await received.Bound()).Select(tick => tick.Sequence));
        Assert.Empty(await reports.AllAsync());
        Assert.Equal(5, subscriber.Statistics.Unnumbered);
    }

    [Fact]
    public async Task Hostile_position_frames_are_counted_unnumbered_or_start_a_stream_anew_and_never_stop_delivery()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Tick>().StartTaking(9);
        Assert.Equal("+ticks", publisher.NextSubscription());
        byte[] id = [9, 9, 9, 9, 9, 9, 9, 9];
        byte[][] positions =
        [
            [],                                  // not a position: the wrong length
            new byte[15],
            new byte[17],
            Position(id, 0),                     // numbers start at 1
            Position(id, -5),
            Position(id, 1),                     // a stream starts
            Position(id, long.MaxValue),         // the largest gap there can be
            Position(id, 2),                     // back again: the stream starts anew, no gap
            Position(id, 3),
        ];

        foreach (var position in positions)
        {
            publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(1)), position);
        }

        Assert.Equal(9, (await received.Bound()).Count);
        Assert.Equal(5, subscriber.Statistics.Unnumbered);
        var gap = Assert.Single(await reports.AllAsync());
        Assert.Equal((2L, long.MaxValue, long.MaxValue - 2), (gap.ExpectedSequence, gap.ReceivedSequence, gap.Missed));
        Assert.Equal(0, subscriber.Statistics.Malformed);
    }

    [Fact]
    public async Task A_subscriber_follows_at_most_MaxTrackedStreams_streams_forgetting_the_one_heard_from_least_recently()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { MaxTrackedStreams = 3 });
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Tick>().StartTaking(7);
        Assert.Equal("+ticks", publisher.NextSubscription());
        byte[] Id(byte n) => [n, 0, 0, 0, 0, 0, 0, 0];

        // Streams 1, 2, 3 fill the table; 1 is heard from again, so 2 is the least recent when 4 comes and is forgotten.
        // Then 2 jumps from 1 to 9 unseen (it starts anew), while 1, still followed, jumps from 2 to 9 and is reported.
        foreach (var (publisherId, sequence) in new (byte, long)[] { (1, 1), (2, 1), (3, 1), (1, 2), (4, 1), (2, 9), (1, 9) })
        {
            publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(sequence)), Position(Id(publisherId), sequence));
        }

        Assert.Equal(7, (await received.Bound()).Count);
        var gap = Assert.Single(await reports.AllAsync());
        Assert.Equal(("0100000000000000", 3L, 9L), (gap.Publisher, gap.ExpectedSequence, gap.ReceivedSequence));
    }

    [Fact]
    public async Task Long_topics_that_differ_only_past_their_first_bytes_are_streams_apart()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Alert>().StartTaking(6);
        Assert.Equal("+alerts", publisher.NextSubscription());
        var common = "alerts." + new string('x', 10_000);
        byte[] id = [7, 7, 7, 7, 7, 7, 7, 7];

        // A stream keeps only the start of a topic (and a hash of all of it): the two never mix, and the gap is the first's.
        foreach (var (suffix, sequence) in new[] { ("1", 1L), ("2", 1L), ("1", 2L), ("2", 2L), ("2", 3L), ("1", 4L) })
        {
            publisher.Send(RawPeer.Utf8(common + suffix), TopicDeliveryTests.Payload(new Alert("long")), Position(id, sequence));
        }

        Assert.Equal(6, (await received.Bound()).Count);
        var gap = Assert.Single(await reports.AllAsync());
        Assert.Equal((3L, 4L), (gap.ExpectedSequence, gap.ReceivedSequence));
        Assert.EndsWith("…", gap.Topic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publisher_numbers_each_topic_from_1_and_past_MaxNumberedTopics_starts_the_least_recent_one_again()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { MaxNumberedTopics = 2 });
        using var raw = new NetMQ.Sockets.SubscriberSocket();
        raw.Subscribe("prices.");
        raw.Connect(publisher.Endpoint);
        await publisher.WaitForSubscriberAsync<Price>().Bound();

        foreach (var symbol in new[] { "A", "A", "B", "A", "C", "B", "A" })
        {
            await publisher.PublishAsync(new Price(symbol, 1, 2));
        }

        // Two counters: C takes B's (A was published more recently), then B takes A's, then A takes C's, each from 1.
        var positions = Enumerable.Range(0, 7)
            .Select(_ => raw.ReceiveFrames())
            .Select(frames => (Encoding.UTF8.GetString(frames[0]), BinaryPrimitives.ReadInt64LittleEndian(frames[2].AsSpan(8))))
            .ToList();
        Assert.Equal([("prices.A", 1L), ("prices.A", 2L), ("prices.B", 1L), ("prices.A", 3L), ("prices.C", 1L), ("prices.B", 1L), ("prices.A", 1L)], positions);
    }

    [Fact]
    public async Task A_publisher_told_not_to_number_sends_topic_and_payload_only()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { NumberMessages = false });
        using var raw = new NetMQ.Sockets.SubscriberSocket();
        raw.Subscribe("prices.");
        raw.Connect(publisher.Endpoint);
        await publisher.WaitForSubscriberAsync<Price>().Bound();

        await publisher.PublishAsync(new Price("A", 1, 2));

        var frames = raw.ReceiveFrames();
        Assert.Equal("prices.A", Encoding.UTF8.GetString(frames[0]));
        Assert.Equal(2, frames.Count);
    }

    [Fact]
    public async Task Messages_of_a_publisher_that_does_not_number_are_delivered_and_counted_unnumbered()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { NumberMessages = false });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Price>().StartTaking(3);
        await publisher.WaitForSubscriberAsync<Price>().Bound();

        foreach (var bid in new[] { 1, 2, 3 })
        {
            await publisher.PublishAsync(new Price("A", bid, 2));
        }

        Assert.Equal([1m, 2m, 3m], (await received.Bound()).Select(price => price.Bid));
        Assert.Empty(await reports.AllAsync());
        Assert.Equal(3, subscriber.Statistics.Unnumbered);
    }

    [Fact]
    public async Task What_is_published_while_a_topic_is_not_subscribed_to_is_not_missed()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reports = new MissedReports(subscriber);
        byte[] id = [1, 1, 1, 1, 1, 1, 1, 1];
        var firstTime = subscriber.Subscribe<Tick>().StartTaking(2);
        Assert.Equal("+ticks", publisher.NextSubscription());
        publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(1)), Position(id, 1));
        publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(2)), Position(id, 2));
        await firstTime.Bound();
        Assert.Equal("-ticks", publisher.NextSubscription());

        // Numbers 3 to 9 went to nobody; the new subscription starts the stream again at 10.
        var secondTime = subscriber.Subscribe<Tick>().StartTaking(2);
        Assert.Equal("+ticks", publisher.NextSubscription());
        publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(10)), Position(id, 10));
        publisher.Send(RawPeer.Utf8("ticks"), TopicDeliveryTests.Payload(new Tick(12)), Position(id, 12));

        Assert.Equal([10, 12], (await secondTime.Bound()).Select(tick => tick.Sequence));
        var gap = Assert.Single(await reports.AllAsync());
        Assert.Equal((11L, 12L), (gap.ExpectedSequence, gap.ReceivedSequence));
    }

    private static async Task<bool> ArrivesWithin(Task<bool> next, TimeSpan wait)
    {
        try
        {
            await next.WaitAsync(wait);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
