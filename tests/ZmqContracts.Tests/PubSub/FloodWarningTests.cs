using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>
/// A publisher of another format floods a subscriber with messages it cannot read: every one is counted, and the log gets
/// one warning per topic and interval that says how many it stands for (docs/pubsub.md, "Bad input").
/// </summary>
public class FloodWarningTests
{
    /// <summary>Under the raw publisher's high-water mark (1,000), so that none is dropped before it is read.</summary>
    private const int Flood = 500;

    private const int UndeserializablePayloads = 111;
    private const int MalformedMessages = 110;

    [Fact]
    public async Task Unreadable_payloads_on_a_topic_are_all_counted_and_logged_in_a_few_warnings_that_add_up_to_them()
    {
        var log = new ListLogger();
        using var publisher = new RawPublisher();
        var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { Logger = log });
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
        Assert.Equal("+client1", publisher.NextSubscription());

        for (var i = 0; i < Flood; i++)
        {
            publisher.Send("client1"u8.ToArray(), Encoding.UTF8.GetBytes($"plain text {i}"));
        }

        publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message("readable")));
        Assert.Equal("readable", Assert.Single(await received.Bound()).Text);
        var whileRunning = log.Values(UndeserializablePayloads, "Count").Cast<long>().ToList();
        await subscriber.DisposeAsync();

        Assert.Equal(Flood, subscriber.Statistics.Undeserializable);
        Assert.Equal(1, whileRunning.First());
        Assert.InRange(whileRunning.Count, 1, 2);
        var counts = log.Values(UndeserializablePayloads, "Count").Cast<long>().ToList();
        Assert.Equal(Flood, counts.Sum());
        Assert.All(log.Values(UndeserializablePayloads, "Topic"), topic => Assert.Equal("client1", topic));
    }

    [Fact]
    public async Task Malformed_messages_are_all_counted_and_logged_in_a_few_warnings_that_add_up_to_them()
    {
        var log = new ListLogger();
        using var publisher = new RawPublisher();
        var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { Logger = log });
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
        Assert.Equal("+client1", publisher.NextSubscription());

        for (var i = 0; i < Flood; i++)
        {
            publisher.Send(Encoding.UTF8.GetBytes($"client1 as one frame {i}"));
        }

        publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message("readable")));
        Assert.Equal("readable", Assert.Single(await received.Bound()).Text);
        await subscriber.DisposeAsync();

        Assert.Equal(Flood, subscriber.Statistics.Malformed);
        var counts = log.Values(MalformedMessages, "Count").Cast<long>().ToList();
        Assert.InRange(counts.Count, 2, 3);
        Assert.Equal(Flood, counts.Sum());
    }
}
