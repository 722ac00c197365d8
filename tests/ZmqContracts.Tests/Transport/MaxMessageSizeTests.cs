using System;
using System.Linq;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Transport;

/// <summary>
/// <see cref="ZmqSocketOptions.MaxMessageSize"/> on every receiving side, as measured: a frame of the limit is taken, and a
/// frame one byte longer makes the receiver drop that peer's connection while it goes on with its other peers.
/// </summary>
public class MaxMessageSizeTests
{
    private const int Limit = 1_000;

    [Fact]
    public async Task A_server_answers_frames_of_the_limit_and_drops_a_peer_that_sends_a_longer_one()
    {
        await using var served = ServedShapes.Start(new ZmqServerOptions { MaxMessageSize = Limit });
        using var dealer = new DealerSocket();
        await using var disconnects = new Disconnects(dealer);
        dealer.Connect(served.Server.Endpoint);

        // A message of many frames, each at the limit: the limit is per frame, not per message.
        dealer.SendFrames([1], [], new byte[Limit], new byte[Limit], new byte[Limit]);
        Assert.Equal("unknown-operation", ErrorCode(dealer.ReceiveFrames()[2..]));

        dealer.SendFrames([2], [], new byte[Limit + 1]);
        await disconnects.Next.Bound();

        Assert.Equal(new Sum(3), await served.Client.Add(new Operands(1, 2)).Bound());
    }

    [Fact]
    public async Task A_subscriber_drops_a_publisher_that_sends_a_longer_frame_and_goes_on_with_the_others()
    {
        using var oversized = new PubSubTesting.RawPublisher();
        using var fine = new PubSubTesting.RawPublisher();
        await using var subscriber = new ZmqSubscriber([oversized.Endpoint, fine.Endpoint], new ZmqSubscriberOptions { MaxMessageSize = Limit });
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
        Assert.Equal("+client1", oversized.NextSubscription());
        Assert.Equal("+client1", fine.NextSubscription());
        await using var disconnects = new Disconnects(oversized.Socket);

        oversized.Send(Utf8("client1"), new byte[Limit + 1]);
        await disconnects.Next.Bound();
        fine.Send(Utf8("client1"), PayloadFrames.Serialize(ZmqSerializers.MessagePack, new Client1Message("fine"), "message"));

        Assert.Equal("fine", (await received.Bound()).Single().Text);
        Assert.Equal(0, subscriber.Statistics.Undeserializable);
    }

    [Fact]
    public async Task A_collector_drops_a_worker_that_sends_a_longer_frame_and_goes_on_with_the_others()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { MaxMessageSize = Limit });
        using var oversized = new PushSocket();
        await using var disconnects = new Disconnects(oversized);
        oversized.Connect(collector.Endpoint);
        using var fine = new PushSocket(collector.Endpoint);
        var received = collector.ReadAllAsync().StartTaking(1);

        oversized.SendFrames(new byte[Limit + 1]);
        await disconnects.Next.Bound();
        fine.SendFrames(PayloadFrames.Serialize(ZmqSerializers.MessagePack, new WorkResult(1, "fine"), "result"));

        Assert.Equal(new WorkResult(1, "fine"), (await received.Bound()).Single());
        Assert.Equal(0, collector.FailureCount);
    }

    [Fact]
    public async Task A_worker_drops_a_producer_that_sends_a_longer_frame_reconnects_and_goes_on()
    {
        using var producer = new PushSocket();
        producer.Bind(Loopback.AnyPort);
        await using var disconnects = new Disconnects(producer);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Options.LastEndpoint!, collector.Endpoint,
            new ZmqWorkerOptions { MaxMessageSize = Limit });
        worker.Start();
        var received = collector.ReadAllAsync().StartTaking(1);

        producer.SendFrames(new byte[Limit + 1]);
        await disconnects.Next.Bound();

        // Sent before the worker is back, the item could go into the dropped connection's pipe, which NetMQ discards.
        await disconnects.Reaccepted.Bound();
        producer.SendFrames(PayloadFrames.Serialize(ZmqSerializers.MessagePack, new WorkItem(7), "item"));

        Assert.Equal(new WorkResult(7, "w"), (await received.Bound()).Single());
        Assert.Equal(0, worker.ItemsFailed);
    }

    [Fact]
    public async Task A_reply_over_the_clients_limit_ends_the_call_with_a_timeout_that_names_the_lost_connection_and_the_limit()
    {
        await using var server = new RawFramesServer(new RawFrames(), Loopback.AnyPort, new ZmqServerOptions());
        server.Start();
        await using var client = new RawFramesClient(server.Endpoint, new ZmqClientOptions { MaxMessageSize = Limit, RequestTimeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(Limit, (await client.Join(new byte[Limit / 2], new byte[Limit / 2]).Bound()).Length);

        // Each argument is within the limit; the reply, both of them, is over it.
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => client.Join(new byte[Limit], new byte[1]).Bound());

        Assert.Contains("Join is not [Idempotent], so it was not sent again: the server may have run it.", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith(
            $"The connection to {server.Endpoint} was lost while the call was in flight, and a reply on a lost connection never arrives: " +
            "a reply larger than this client's MaxMessageSize (1,000 bytes) closes the connection, as do a server that stops and a network failure.",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_limit_that_is_not_positive_is_refused_with_the_option_named()
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => new ZmqSubscriber("tcp://127.0.0.1:1", new ZmqSubscriberOptions { MaxMessageSize = 0 }));
        Assert.Equal("MaxMessageSize", failure.ParamName);
    }
}
