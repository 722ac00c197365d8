using System;
using System.Buffers;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>Who receives what: exact topics, prefix topics and template instances, over TCP loopback.</summary>
public class TopicDeliveryTests
{
    [Fact]
    public async Task Subscribers_of_client1_and_client2_each_get_only_their_own()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var first = new ZmqSubscriber(publisher.Endpoint);
        await using var second = new ZmqSubscriber(publisher.Endpoint);
        var client1 = first.Subscribe<Client1Message>().StartTaking(5);
        var client2 = second.Subscribe<Client2Message>().StartTaking(5);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();
        await publisher.WaitForSubscriberAsync<Client2Message>().Bound();

        for (var round = 0; round < 5; round++)
        {
            await publisher.PublishAsync(new Client1Message($"message for client1 #{round}"));
            await publisher.PublishAsync(new Client2Message($"message for client2 #{round}"));
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(round => $"message for client1 #{round}"), (await client1.Bound()).Select(message => message.Text));
        Assert.Equal(Enumerable.Range(0, 5).Select(round => $"message for client2 #{round}"), (await client2.Bound()).Select(message => message.Text));
    }

    [Fact]
    public async Task Subscribe_subscribes_when_called_so_the_publisher_can_wait_before_the_enumeration_starts()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var prices = subscriber.Subscribe(Price.TopicFor("MSFT"));
        await publisher.WaitForSubscriberAsync(Price.TopicFor("MSFT")).Bound();
        await publisher.PublishAsync(new Price("MSFT", 410.1m, 410.2m));
        await publisher.PublishAsync(new Price("MSFT", 410.3m, 410.4m));

        Assert.Equal([410.1m, 410.3m], (await prices.TakeAsync(2).Bound()).Select(price => price.Bid));
    }

    [Fact]
    public async Task A_second_enumeration_of_one_subscription_subscribes_again_and_the_last_one_to_end_unsubscribes()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var messages = subscriber.Subscribe<Client1Message>();
        Assert.Equal("+client1", publisher.NextSubscription());

        publisher.Send("client1"u8.ToArray(), Payload(new Client1Message("first")));
        Assert.Equal("first", (await messages.TakeAsync(1).Bound()).Single().Text);
        Assert.Equal("-client1", publisher.NextSubscription());

        var again = messages.StartTaking(1);
        Assert.Equal("+client1", publisher.NextSubscription());
        publisher.Send("client1"u8.ToArray(), Payload(new Client1Message("second")));
        Assert.Equal("second", (await again.Bound()).Single().Text);
        Assert.Equal("-client1", publisher.NextSubscription());
    }

    [Fact]
    public async Task A_message_type_states_its_format_and_both_sides_use_it()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<JsonGreeting>().StartTaking(1);
        Assert.Equal("+greetings.json", publisher.NextSubscription());

        publisher.Send("greetings.json"u8.ToArray(), """{"text": "hi from pyzmq send_json"}"""u8.ToArray());

        Assert.Equal("hi from pyzmq send_json", (await received.Bound()).Single().Text);
    }

    [Fact]
    public async Task A_subscriber_of_client1_never_sees_client10_or_client1cient2()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Client1Message>().StartTaking(2);
        Assert.Equal("+client1", publisher.NextSubscription());

        publisher.Send("client10"u8.ToArray(), Payload(new Client1Message("for client10")));
        publisher.Send("client1"u8.ToArray(), Payload(new Client1Message("first")));
        publisher.Send("client1cient2"u8.ToArray(), Payload(new Client1Message("for client1cient2")));
        publisher.Send("client1"u8.ToArray(), Payload(new Client1Message("second")));

        Assert.Equal(["first", "second"], (await received.Bound()).Select(message => message.Text));
        Assert.Equal(2, subscriber.Statistics.Unmatched);
    }

    [Fact]
    public async Task A_contract_that_matches_by_prefix_receives_every_topic_that_starts_with_its_own()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Alert>().StartTaking(3);
        Assert.Equal("+alerts", publisher.NextSubscription());

        publisher.Send("alerts"u8.ToArray(), Payload(new Alert("plain")));
        publisher.Send("alarms"u8.ToArray(), Payload(new Alert("other topic")));
        publisher.Send("alerts.disk"u8.ToArray(), Payload(new Alert("disk")));
        publisher.Send("alertsX"u8.ToArray(), Payload(new Alert("x")));

        Assert.Equal(["plain", "disk", "x"], (await received.Bound()).Select(message => message.Text));
    }

    [Fact]
    public async Task A_template_subscription_to_one_instance_gets_that_instance_only()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var microsoft = subscriber.Subscribe(Price.TopicFor("MSFT")).StartTaking(2);
        await publisher.WaitForSubscriberAsync(Price.TopicFor("MSFT")).Bound();
        var everything = subscriber.Subscribe<Price>().StartTaking(6);
        await publisher.WaitForSubscriberAsync(Price.TopicFor("IBM")).Bound();

        foreach (var symbol in new[] { "IBM", "MSFT", "MSFTX", "IBM", "MSFT", "MS" })
        {
            await publisher.PublishAsync(new Price(symbol, 1m, 2m));
        }

        Assert.Equal(["MSFT", "MSFT"], (await microsoft.Bound()).Select(price => price.Symbol));
        Assert.Equal(["IBM", "MSFT", "MSFTX", "IBM", "MSFT", "MS"], (await everything.Bound()).Select(price => price.Symbol));
    }

    [Fact]
    public async Task A_value_with_a_lone_surrogate_is_refused_on_both_sides_as_UTF_8_would_make_it_another_values_topic()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var replacement = subscriber.Subscribe(Price.TopicFor("\uFFFD")).StartTaking(1);
        var pair = subscriber.Subscribe(Price.TopicFor("\uD83D\uDE00")).StartTaking(1);
        await publisher.WaitForSubscriberAsync(Price.TopicFor("\uFFFD")).Bound();
        await publisher.WaitForSubscriberAsync(Price.TopicFor("\uD83D\uDE00")).Bound();

        // UTF-8 would send each of these as U+FFFD: the topic of the subscriber above.
        var published = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(new Price("MS\uD800", 1m, 2m)).AsTask());
        var publishedChar = await Assert.ThrowsAsync<ArgumentException>(() => publisher.PublishAsync(new Initialed('\uDFFF', "late")).AsTask());
        var subscribed = Assert.Throws<ArgumentException>(() => Price.TopicFor("\uDE00\uD83D"));
        var subscribedChar = Assert.Throws<ArgumentException>(() => Initialed.TopicFor('\uD800'));
        var subscribedRaw = Assert.Throws<ArgumentException>(() => TopicFilter<Price>.For("prices.\uDFFF"));

        Assert.StartsWith("Price.Symbol holds U+D800 at index 2, half of a UTF-16 surrogate pair without its other half", published.Message, StringComparison.Ordinal);
        Assert.StartsWith("Initialed.Initial holds U+DFFF at index 0,", publishedChar.Message, StringComparison.Ordinal);
        Assert.StartsWith("Price.Symbol holds U+DE00 at index 0,", subscribed.Message, StringComparison.Ordinal);
        Assert.StartsWith("Initialed.Initial holds U+D800 at index 0,", subscribedChar.Message, StringComparison.Ordinal);
        Assert.StartsWith("The topic of Price to subscribe to holds U+DFFF at index 7,", subscribedRaw.Message, StringComparison.Ordinal);

        // A pair is a whole character, and goes; each subscriber gets its own value's message only.
        await publisher.PublishAsync(new Price("\uD83D\uDE00", 1m, 2m));
        await publisher.PublishAsync(new Price("\uFFFD", 3m, 4m));
        Assert.Equal(3m, Assert.Single(await replacement.Bound()).Bid);
        Assert.Equal(1m, Assert.Single(await pair.Bound()).Bid);
    }

    [Fact]
    public async Task A_subscriber_merges_the_messages_of_several_publishers()
    {
        await using var first = new ZmqPublisher(Loopback.AnyPort);
        await using var second = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber([first.Endpoint, second.Endpoint]);
        var received = subscriber.Subscribe<Client1Message>().StartTaking(2);
        await first.WaitForSubscriberAsync<Client1Message>().Bound();
        await second.WaitForSubscriberAsync<Client1Message>().Bound();

        await first.PublishAsync(new Client1Message("from the first"));
        await second.PublishAsync(new Client1Message("from the second"));

        Assert.Equal(["from the first", "from the second"], (await received.Bound()).Select(message => message.Text).Order());
    }

    [Fact]
    public async Task An_endpoint_given_twice_is_refused_as_it_would_deliver_every_message_twice()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);

        var refused = Assert.Throws<ArgumentException>(() => new ZmqSubscriber([publisher.Endpoint, Loopback.FreeEndpoint(), publisher.Endpoint]));

        Assert.Contains(publisher.Endpoint, refused.Message);
        Assert.Contains("more than once", refused.Message);
    }

    [Fact]
    public async Task Enumerations_share_a_subscription_and_the_last_one_to_end_unsubscribes()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var first = subscriber.Subscribe<Client1Message>().StartTaking(1);
        Assert.Equal("+client1", publisher.NextSubscription());
        var second = subscriber.Subscribe<Client1Message>().StartTaking(2);

        publisher.Send("client1"u8.ToArray(), Payload(new Client1Message("one")));
        Assert.Single(await first.Bound());
        var other = subscriber.Subscribe<Client2Message>().StartTaking(1);
        Assert.Equal("+client2", publisher.NextSubscription());
        publisher.Send("client1"u8.ToArray(), Payload(new Client1Message("two")));

        Assert.Equal(["one", "two"], (await second.Bound()).Select(message => message.Text));
        Assert.Equal("-client1", publisher.NextSubscription());
        Assert.False(other.IsCompleted);
    }

    internal static byte[] Payload<T>(T message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ZmqSerializers.MessagePack.Serialize(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }
}
