using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>What a subscriber does with bad input, failing handlers and disposal: it goes on, counts, and ends cleanly.</summary>
public class SubscriberResilienceTests
{
    private const int UndeserializablePayloads = 111;

    [Fact]
    public async Task A_bad_payload_or_a_malformed_message_is_skipped_and_counted_and_the_following_messages_arrive()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Client1Message>().StartTaking(2);
        Assert.Equal("+client1", publisher.NextSubscription());

        publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message("before")));
        publisher.Send("client1"u8.ToArray(), [0xc1, 0xff, 0x00]);
        publisher.Send("client1"u8.ToArray());
        publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message("after")), "an ignored trailing frame"u8.ToArray());

        Assert.Equal(["before", "after"], (await received.Bound()).ConvertAll(message => message.Text));
        Assert.Equal(1, subscriber.Statistics.Undeserializable);
        Assert.Equal(1, subscriber.Statistics.Malformed);
    }

    [Fact]
    public async Task With_heartbeats_a_subscriber_whose_connection_goes_half_open_connects_afresh_and_receives_again()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        using var proxy = new FreezableProxy(publisher.Endpoint);
        await using var subscriber = new ZmqSubscriber(proxy.Endpoint, new ZmqSubscriberOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(250) });
        await using var ticks = subscriber.Subscribe<Tick>().GetAsyncEnumerator();
        var next = ticks.MoveNextAsync().AsTask();
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        await publisher.PublishAsync(new Tick(0)).Bound();
        Assert.True(await next.Bound());
        await proxy.NextAcceptedAsync().Bound();

        // Nothing passes any more, and nothing closes: only the heartbeats the connection no longer answers make the
        // subscriber drop it and connect afresh; without them it would wait for the publisher's messages for good.
        proxy.Freeze();
        await proxy.NextAcceptedAsync().Bound();

        // The fresh connection carries the subscriptions again, ticks first; a topic the frozen one never carried tells
        // when the publisher has read them.
        _ = subscriber.Subscribe(Round.TopicFor(1));
        await publisher.WaitForSubscriberAsync(Round.TopicFor(1)).Bound();
        await publisher.PublishAsync(new Tick(1)).Bound();
        Assert.True(await ticks.MoveNextAsync().AsTask().Bound());
        Assert.Equal(1, ticks.Current.Sequence);
    }

    [Fact]
    public async Task A_cancelled_enumeration_ends_at_its_next_message_though_messages_wait_in_its_buffer()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        using var cancellation = new CancellationTokenSource();
        await using var cancelled = subscriber.Subscribe<Client1Message>(cancellation.Token).GetAsyncEnumerator();

        // A witness of the same topic: each read hands a message to both, so once it has the tenth, so has the other.
        var witnessed = subscriber.Subscribe<Client1Message>().StartTaking(10);
        Assert.Equal("+client1", publisher.NextSubscription());
        for (var i = 0; i < 10; i++)
        {
            publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message($"m{i}")));
        }

        Assert.Equal(10, (await witnessed.Bound()).Count);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.MoveNextAsync().AsTask().Bound());
    }

    [Fact]
    public async Task An_enumeration_with_a_token_of_its_own_as_well_as_the_subscriptions_reports_the_callers_token_that_ended_it()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        using var subscribed = new CancellationTokenSource();
        using var enumerated = new CancellationTokenSource();
        using var other = new CancellationTokenSource();
        var subscription = subscriber.Subscribe<Client1Message>(subscribed.Token);
        await using var first = subscription.GetAsyncEnumerator(enumerated.Token);
        await using var second = subscription.GetAsyncEnumerator(other.Token);

        // No message comes: both wait, and each is ended by one of its tokens.
        var firstWaits = first.MoveNextAsync().AsTask();
        var secondWaits = second.MoveNextAsync().AsTask();
        enumerated.Cancel();
        Assert.Equal(enumerated.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstWaits.Bound())).CancellationToken);
        Assert.False(secondWaits.IsCompleted);
        subscribed.Cancel();
        Assert.Equal(subscribed.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => secondWaits.Bound())).CancellationToken);

        // Both cancelled before the next read: the enumeration's own token is the one told.
        Assert.Equal(enumerated.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.MoveNextAsync().AsTask())).CancellationToken);
    }

    [Fact]
    public async Task A_subscription_never_enumerated_is_closed_by_its_token_and_no_longer_holds_up_the_others()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { BufferCapacity = 5 });
        using var cancellation = new CancellationTokenSource();
        _ = subscriber.Subscribe<Client1Message>(cancellation.Token);
        var received = subscriber.Subscribe<Client1Message>().StartTaking(30);
        Assert.Equal("+client1", publisher.NextSubscription());

        // Left open, the first would fill its five places and stop the subscriber's reading for the second as well.
        cancellation.Cancel();
        for (var i = 0; i < 30; i++)
        {
            publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message($"m{i}")));
        }

        Assert.Equal(30, (await received.Bound()).Count);
    }

    [Fact]
    public async Task A_null_payload_is_not_a_message_it_is_skipped_counted_and_logged_as_any_refused_null()
    {
        var log = new ListLogger();
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { Logger = log });
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
        var receivedJson = subscriber.Subscribe<JsonGreeting>().StartTaking(1);
        Assert.Equal(["+client1", "+greetings.json"], new[] { publisher.NextSubscription(), publisher.NextSubscription() }.Order());

        // MessagePack nil and JSON null read as a null record, which no enumeration of a [Topic] type may yield.
        publisher.Send("client1"u8.ToArray(), [0xc0]);
        publisher.Send("greetings.json"u8.ToArray(), "null"u8.ToArray());
        publisher.Send("client1"u8.ToArray(), TopicDeliveryTests.Payload(new Client1Message("after")));
        publisher.Send("greetings.json"u8.ToArray(), """{"text":"after"}"""u8.ToArray());

        Assert.Equal("after", Assert.Single(await received.Bound()).Text);
        Assert.Equal("after", Assert.Single(await receivedJson.Bound()).Text);
        Assert.Equal(2, subscriber.Statistics.Undeserializable);
        Assert.Equal(
            [
                "Client1Message: the msgpack serializer read null, and the contract declares ZmqContracts.Tests.PubSub.Client1Message not nullable",
                "JsonGreeting: the json serializer read null, and the contract declares ZmqContracts.Tests.PubSub.JsonGreeting not nullable",
            ],
            log.Entries.Where(entry => entry.Id.Id == UndeserializablePayloads).Select(entry => entry.Exception?.Message).Order());
    }

    [Fact]
    public async Task A_handler_that_throws_is_counted_and_the_next_message_is_handled()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var handled = new List<string>();
        var secondHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consuming = subscriber.ConsumeAsync<Client1Message>((message, _) =>
        {
            handled.Add(message.Text);
            if (message.Text == "throws")
            {
                throw new InvalidOperationException("handler failure");
            }

            secondHandled.TrySetResult();
            return ValueTask.CompletedTask;
        }, stop.Token);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();

        await publisher.PublishAsync(new Client1Message("throws"));
        await publisher.PublishAsync(new Client1Message("fine"));
        await secondHandled.Task.Bound();
        stop.Cancel();
        await consuming.Bound();

        Assert.Equal(["throws", "fine"], handled);
        Assert.Equal(1, subscriber.Statistics.HandlerFailures);
    }

    [Fact]
    public async Task Disposing_the_subscriber_ends_an_enumeration_in_progress_cleanly()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1_000);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();
        await publisher.PublishAsync(new Client1Message("one"));

        await subscriber.DisposeAsync().AsTask().Bound();

        Assert.True((await received.Bound()).Count <= 1);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => subscriber.Subscribe<Client1Message>().TakeAsync(1).Bound());
    }

    [Fact]
    public async Task Disposing_the_publisher_ends_a_wait_for_a_subscriber()
    {
        var publisher = new ZmqPublisher(Loopback.AnyPort);
        var waiting = publisher.WaitForSubscriberAsync<Client2Message>();

        await publisher.DisposeAsync().AsTask().Bound();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.Bound());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => publisher.PublishAsync(new Client2Message("late")).AsTask().Bound());
    }
}
