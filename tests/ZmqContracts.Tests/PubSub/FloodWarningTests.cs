using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>
/// A publisher of another format floods a subscriber with messages it cannot read: every one is counted, and the log gets
/// one warning per topic and interval that says how many it stands for (docs/pubsub.md, "Subscribing").
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
        var flood = await FloodAsync(UndeserializablePayloads, i => ["client1"u8.ToArray(), Encoding.UTF8.GetBytes($"plain text {i}")]);

        Assert.Equal(Flood, flood.Statistics.Undeserializable);
        Assert.Equal(1, flood.CountsWhileRunning.First());
        Assert.InRange(flood.CountsWhileRunning.Count, 1, 2);
        Assert.Equal(Flood, flood.Log.Values(UndeserializablePayloads, "Count").Cast<long>().Sum());
        Assert.All(flood.Log.Values(UndeserializablePayloads, "Topic"), topic => Assert.Equal("client1", topic));
    }

    [Fact]
    public async Task Malformed_messages_are_all_counted_and_logged_in_a_few_warnings_that_add_up_to_them()
    {
        var flood = await FloodAsync(MalformedMessages, i => [Encoding.UTF8.GetBytes($"client1 as one frame {i}")]);

        Assert.Equal(Flood, flood.Statistics.Malformed);
        Assert.Equal(1, flood.CountsWhileRunning.First());
        var counts = flood.Log.Values(MalformedMessages, "Count").Cast<long>().ToList();
        Assert.InRange(counts.Count, 2, 3);
        Assert.Equal(Flood, counts.Sum());
    }

    /// <summary>
    /// Sends a <see cref="Client1Message"/> subscriber <see cref="Flood"/> messages, then a readable one; once that one is
    /// read, notes the counts event <paramref name="eventId"/> logged so far, and disposes the subscriber.
    /// </summary>
    private static async Task<(ZmqSubscriberStatistics Statistics, ListLogger Log, List<long> CountsWhileRunning)> FloodAsync(int eventId, Func<int, byte[][]> message)
    {
        var log = new ListLogger();
        using var publisher = new RawPublisher();
        var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { Logger = log });
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
        Assert.Equal("+client1", publisher.NextSubscription());

        for (var i = 0; i < Flood; i++)
        {
            publisher.Send(message(i));
        }

        publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message("readable")));
        Assert.Equal("readable", Assert.Single(await received.Bound()).Text);
        var whileRunning = log.Values(eventId, "Count").Cast<long>().ToList();
        await subscriber.DisposeAsync();
        return (subscriber.Statistics, log, whileRunning);
    }
}
