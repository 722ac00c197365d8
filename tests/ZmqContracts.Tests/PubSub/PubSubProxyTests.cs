using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>
/// <see cref="ZmqPubSubProxy"/>: publishers and subscribers meet at one address pair; subscriptions go up, so that
/// <see cref="ZmqPublisher.WaitForSubscriberAsync{T}(System.Threading.CancellationToken)"/> works through it, and messages
/// come down with their position frames intact, so that a subscriber still counts what it missed of each publisher.
/// </summary>
public class PubSubProxyTests
{
    [Fact]
    public async Task Two_publishers_reach_a_subscriber_through_the_proxy_after_WaitForSubscriberAsync_and_every_message_arrives_numbered()
    {
        const int PerPublisher = 200;
        await using var proxy = new ZmqPubSubProxy(Loopback.AnyPort, Loopback.AnyPort).Started();
        await using var subscriber = new ZmqSubscriber(proxy.SubscriberEndpoint);
        var received = subscriber.Subscribe<Tick>().StartTaking(2 * PerPublisher);
        await using var north = new ZmqPublisher(proxy.PublisherEndpoint, new ZmqPublisherOptions { Connect = true });
        await using var south = new ZmqPublisher(proxy.PublisherEndpoint, new ZmqPublisherOptions { Connect = true });
        await north.WaitForSubscriberAsync<Tick>().Bound();
        await south.WaitForSubscriberAsync<Tick>().Bound();

        for (var sequence = 0; sequence < PerPublisher; sequence++)
        {
            await north.PublishAsync(new Tick(sequence)).Bound();
            await south.PublishAsync(new Tick(-1 - sequence)).Bound();
        }

        var ticks = await received.Bound();
        Assert.Equal(Enumerable.Range(0, PerPublisher).Select(sequence => (long)sequence), ticks.Select(tick => tick.Sequence).Where(sequence => sequence >= 0));
        Assert.Equal(Enumerable.Range(0, PerPublisher).Select(sequence => -1L - sequence), ticks.Select(tick => tick.Sequence).Where(sequence => sequence < 0));
        Assert.Equal(0, subscriber.Statistics.Missed);
        Assert.Equal(0, subscriber.Statistics.Unnumbered);
        Assert.True(proxy.MessagesForwarded >= 2 * PerPublisher, $"forwarded {proxy.MessagesForwarded}");
        Assert.True(proxy.UpstreamForwarded >= 1, "no subscription went upstream");
        Assert.Equal(0, proxy.MessagesDropped);
    }

    [Fact]
    public async Task With_heartbeats_the_proxy_drops_a_subscriber_connection_that_goes_half_open()
    {
        await using var proxy = new ZmqPubSubProxy(Loopback.AnyPort, Loopback.AnyPort, new ZmqPubSubProxyOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(250) }).Started();
        using var link = new FreezableProxy(proxy.SubscriberEndpoint);
        await using var subscriber = new ZmqSubscriber(link.Endpoint);
        var first = subscriber.Subscribe<Tick>().StartTaking(1);
        await using var publisher = new ZmqPublisher(proxy.PublisherEndpoint, new ZmqPublisherOptions { Connect = true });
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        await publisher.PublishAsync(new Tick(0)).Bound();
        Assert.Equal(0, (await first.Bound()).Single().Sequence);

        // Nothing passes any more, and nothing closes; the subscriber has no heartbeats of its own: only the proxy's,
        // which the connection no longer answers, make the proxy drop it (a Wait publisher upstream then stops waiting).
        await link.FreezeUntilServerClosesAsync().Bound();
    }

    [Fact]
    public async Task A_gap_in_one_publishers_stream_through_the_proxy_is_reported_for_that_publisher_alone()
    {
        await using var proxy = new ZmqPubSubProxy(Loopback.AnyPort, Loopback.AnyPort).Started();
        await using var subscriber = new ZmqSubscriber(proxy.SubscriberEndpoint);
        var reports = new MissedReports(subscriber);
        var received = subscriber.Subscribe<Tick>().StartTaking(6);
        using var north = ConnectedPublisher(proxy.PublisherEndpoint);
        using var south = ConnectedPublisher(proxy.PublisherEndpoint);
        byte[] northId = [1, 2, 3, 4, 5, 6, 7, 8];
        byte[] southId = [0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0, 0x01, 0x02];

        // North loses its #3; south is complete.
        foreach (var (publisher, id, sequence) in new[] { (north, northId, 1L), (south, southId, 1L), (north, northId, 2L), (south, southId, 2L), (south, southId, 3L), (north, northId, 4L) })
        {
            var message = new NetMQMessage();
            message.Append("ticks");
            message.Append(TopicDeliveryTests.Payload(new Tick(sequence)));
            message.Append(Position(id, sequence));
            publisher.SendMultipartMessage(message);
        }

        Assert.Equal(6, (await received.Bound()).Count);
        var gap = Assert.Single(await reports.AllAsync());
        Assert.Equal(("0102030405060708", "ticks", 3L, 4L), (gap.Publisher, gap.Topic, gap.ExpectedSequence, gap.ReceivedSequence));
        Assert.Equal(0, subscriber.Statistics.Unnumbered);
    }

    /// <summary>A hand-written publisher that connects to the proxy, once the subscriber's subscription has reached it through the proxy.</summary>
    private static XPublisherSocket ConnectedPublisher(string endpoint)
    {
        var publisher = new XPublisherSocket();
        publisher.Connect(endpoint);
        const int MaxSubscriptions = 100;
        for (var i = 0; i < MaxSubscriptions; i++)
        {
            Assert.True(publisher.TryReceiveFrameBytes(Within.Timeout, out var subscription), "No subscription came through the proxy.");
            if (subscription[0] == 1 && Encoding.UTF8.GetString(subscription, 1, subscription.Length - 1) == "ticks")
            {
                return publisher;
            }
        }

        throw new Xunit.Sdk.XunitException($"No subscription to ticks among {MaxSubscriptions}.");
    }
}
