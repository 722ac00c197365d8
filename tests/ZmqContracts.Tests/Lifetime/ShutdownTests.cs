using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>What the endpoint's peers are doing when it is disposed.</summary>
public enum Peers
{
    /// <summary>Connected and alive, with work outstanding where the endpoint has any.</summary>
    Alive,

    /// <summary>Were connected, with work outstanding, and were disposed before the endpoint.</summary>
    Dead,

    /// <summary>There never were any: nothing listens where the endpoint connects, nothing connects where it binds.</summary>
    NeverConnected,
}

/// <summary>
/// Every endpoint's dispose finishes within its documented bound (docs/guide.md, "Shutting down"), whatever its peers
/// do. The bound is the documented one plus <see cref="Scheduling"/>; each endpoint has work outstanding when it is
/// disposed (a call in flight, a handler or an item stuck, messages queued for a peer that does not read), so that a
/// dispose that waited for it would show.
/// </summary>
public class ShutdownTests
{
    /// <summary>Latitude for thread scheduling on a loaded 2-core machine; added to every documented bound.</summary>
    private static readonly TimeSpan Scheduling = TimeSpan.FromSeconds(2);

    /// <summary>The drain timeout and linger the hosts here are given, so that their bounds are short.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(500);

    /// <summary>What ends a drain that ran out: the handlers get this long to finish once cancelled (HostLifetime).</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    private const string Nobody = "tcp://127.0.0.1:1";

    public static TheoryData<string, Peers> Cases()
    {
        var cases = new TheoryData<string, Peers>();
        foreach (var endpoint in new[] { "client", "server", "server on its socket thread", "publisher", "subscriber", "producer", "acknowledged producer", "worker", "collector", "relay", "broker", "server via a broker", "proxy" })
        {
            foreach (var peers in Enum.GetValues<Peers>())
            {
                cases.Add(endpoint, peers);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Dispose_finishes_within_its_documented_bound(string endpoint, Peers peers)
    {
        var setup = endpoint switch
        {
            "client" => await Client(peers),
            "server" => await Server(peers, onSocketThread: false),
            "server on its socket thread" => await Server(peers, onSocketThread: true),
            "publisher" => await Publisher(peers),
            "subscriber" => await Subscriber(peers),
            "producer" => await Producer(peers),
            "acknowledged producer" => await AcknowledgedProducer(peers),
            "worker" => await Worker(peers),
            "collector" => await Collector(peers),
            "relay" => await Relay(peers),
            "broker" => await Broker(peers),
            "server via a broker" => await ServerViaBroker(peers),
            "proxy" => Proxy(peers),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
        };
        if (peers == Peers.Dead)
        {
            await setup.DisposePeers();
        }

        var clock = Stopwatch.StartNew();
        await setup.Subject.DisposeAsync().AsTask().Bound();
        clock.Stop();

        Assert.True(clock.Elapsed <= setup.Bound + Scheduling, $"the {endpoint} took {clock.Elapsed.TotalMilliseconds:0} ms to dispose; its bound is {setup.Bound.TotalMilliseconds:0} ms");
        await setup.Outstanding.Bound();
        await setup.DisposePeers();
    }

    /// <summary>A call in flight, to a server whose handler is stuck.</summary>
    private static async Task<Setup> Client(Peers peers)
    {
        if (peers == Peers.NeverConnected)
        {
            var lonely = new ShapesClient(Nobody);
            return new(lonely, TimeSpan.Zero, Ended(lonely.Echo("nobody answers")));
        }

        var implementation = new Shapes();
        var server = new ShapesServer(implementation, Loopback.AnyPort, new ZmqServerOptions { DrainTimeout = Drain });
        server.Start();
        var client = new ShapesClient(server.Endpoint);
        var call = client.Wait(1, CancellationToken.None);
        await implementation.Entered();
        return new(client, TimeSpan.Zero, Ended(call), server);
    }

    /// <summary>A handler stuck until the drain timeout cancels it; started on the thread pool, or on the socket thread.</summary>
    private static async Task<Setup> Server(Peers peers, bool onSocketThread)
    {
        var implementation = new Shapes();
        var server = new ShapesServer(implementation, Loopback.AnyPort, new ZmqServerOptions { DrainTimeout = Drain, HandleOnSocketThread = onSocketThread });
        server.Start();
        var bound = Drain + AbandonGrace;
        if (peers == Peers.NeverConnected)
        {
            return new(server, bound, Task.CompletedTask);
        }

        var client = new ShapesClient(server.Endpoint);
        var call = client.Wait(1, CancellationToken.None);
        await implementation.Entered();
        return new(server, bound, Ended(call), client);
    }

    /// <summary>Messages published to a subscriber that does not read them.</summary>
    private static async Task<Setup> Publisher(Peers peers)
    {
        var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { Linger = Drain });
        if (peers == Peers.NeverConnected)
        {
            await publisher.PublishAsync(new Client1Message("to nobody")).Bound();
            return new(publisher, TimeSpan.Zero, Task.CompletedTask);
        }

        var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var stalled = subscriber.Subscribe<Client1Message>().GetAsyncEnumerator();
        var subscribing = stalled.MoveNextAsync().AsTask();
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();
        for (var i = 0; i < 100; i++)
        {
            await publisher.PublishAsync(new Client1Message($"unread {i}")).Bound();
        }

        return new(publisher, TimeSpan.Zero, Task.CompletedTask, subscriber, Disposal.Of(() => Ended(subscribing)));
    }

    /// <summary>An enumeration in progress.</summary>
    private static async Task<Setup> Subscriber(Peers peers)
    {
        if (peers == Peers.NeverConnected)
        {
            var lonely = new ZmqSubscriber(Nobody);
            return new(lonely, TimeSpan.Zero, Ended(lonely.Subscribe<Client1Message>().StartTaking(1)));
        }

        var publisher = new ZmqPublisher(Loopback.AnyPort);
        var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var reading = subscriber.Subscribe<Client1Message>().StartTaking(1_000);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();
        await publisher.PublishAsync(new Client1Message("one")).Bound();
        return new(subscriber, TimeSpan.Zero, reading, publisher);
    }

    /// <summary>Items waiting for room: one place, and a worker that takes nothing.</summary>
    private static async Task<Setup> Producer(Peers peers)
    {
        var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { SendHighWatermark = 1, Linger = Drain });
        var stalledWorker = peers == Peers.NeverConnected ? null : new PullSocket(">" + producer.Endpoint);
        var sends = Enumerable.Range(0, 10).Select(num => producer.Process(new WorkItem(num)).AsTask()).ToArray();
        await sends[0].Bound();
        return new(producer, TimeSpan.Zero, Ended(Task.WhenAll(sends)), Disposal.Of(() => stalledWorker?.Dispose()));
    }

    /// <summary>An item whose acknowledgement never comes: sent to nowhere, or held by a worker that never finishes it.</summary>
    private static async Task<Setup> AcknowledgedProducer(Peers peers)
    {
        var bound = Drain + AbandonGrace;
        if (peers == Peers.NeverConnected)
        {
            var lonely = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { AcknowledgementEndpoint = Nobody, Linger = Drain });
            return new(lonely, bound, Ended(lonely.Process(new WorkItem(1)).AsTask()));
        }

        var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { AcknowledgementEndpoint = Loopback.AnyPort });
        var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { AcknowledgementEndpoint = collector.AcknowledgementEndpoint, Linger = Drain });
        var stage = new TestWorkStage("stuck") { Gated = true };
        var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { DrainTimeout = Drain });
        worker.Start();
        await producer.Process(new WorkItem(1)).Bound();
        await stage.StartedEnough.Task.Bound();
        return new(producer, bound, Task.CompletedTask, worker, collector);
    }

    /// <summary>An item in hand that the implementation never finishes.</summary>
    private static async Task<Setup> Worker(Peers peers)
    {
        var stage = new TestWorkStage("stuck") { Gated = true };
        var options = new ZmqWorkerOptions { DrainTimeout = Drain, Linger = Drain };
        var bound = Drain + AbandonGrace;
        if (peers == Peers.NeverConnected)
        {
            var lonely = new WorkStageWorker(stage, Nobody, Nobody, options);
            lonely.Start();
            return new(lonely, bound, Task.CompletedTask);
        }

        var producer = new WorkStageProducer(Loopback.AnyPort);
        var collector = new WorkStageCollector(Loopback.AnyPort);
        var worker = new WorkStageWorker(stage, producer.Endpoint, collector.Endpoint, options);
        worker.Start();
        await producer.Process(new WorkItem(1)).Bound();
        await stage.StartedEnough.Task.Bound();
        return new(worker, bound, Task.CompletedTask, producer, collector);
    }

    /// <summary>Results nobody reads.</summary>
    private static async Task<Setup> Collector(Peers peers)
    {
        var collector = new WorkStageCollector(Loopback.AnyPort);
        if (peers == Peers.NeverConnected)
        {
            return new(collector, TimeSpan.Zero, Task.CompletedTask);
        }

        var worker = new PushSocket(collector.Endpoint);
        var reading = collector.ReadAllAsync().StartTaking(1);
        for (var num = 0; num < 100; num++)
        {
            worker.SendFrames(PayloadFrames.Serialize(ZmqSerializers.MessagePack, new WorkResult(num, "unread"), "result"));
        }

        await reading.Bound();
        return new(collector, TimeSpan.Zero, Task.CompletedTask, Disposal.Of(worker.Dispose));
    }

    /// <summary>Messages taken from the first stage that the next stage, which reads nothing, cannot take.</summary>
    private static Task<Setup> Relay(Peers peers)
    {
        var relay = new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort, new ZmqProducerOptions { SendHighWatermark = 1, Linger = Drain });
        var bound = Drain + AbandonGrace;
        if (peers == Peers.NeverConnected)
        {
            return Task.FromResult(new Setup(relay, bound, Task.CompletedTask));
        }

        var firstStage = new PushSocket(relay.InputEndpoint);
        var nextStage = new PullSocket(">" + relay.OutputEndpoint);
        for (var num = 0; num < 10; num++)
        {
            firstStage.SendFrames(Utf8($"item {num}"));
        }

        return Task.FromResult(new Setup(relay, bound, Task.CompletedTask, Disposal.Of(firstStage.Dispose), Disposal.Of(nextStage.Dispose)));
    }

    /// <summary>A call in flight through the broker, at a worker whose handler is stuck.</summary>
    private static async Task<Setup> Broker(Peers peers)
    {
        var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { Linger = Drain });
        broker.Start();
        if (peers == Peers.NeverConnected)
        {
            return new(broker, TimeSpan.Zero, Task.CompletedTask);
        }

        var implementation = new Shapes();
        var server = new ShapesServer(implementation, broker.Endpoint, new ZmqServerOptions { ViaBroker = true, DrainTimeout = Drain });
        server.Start();
        var client = new ShapesClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true });
        _ = client.Wait(1, CancellationToken.None);
        await implementation.Entered();

        // The call is the client's to end (disposing it does): a broker drops what it holds.
        return new(broker, TimeSpan.Zero, Task.CompletedTask, client, server);
    }

    /// <summary>A handler stuck until the drain timeout cancels it, in a server that is a broker's worker.</summary>
    private static async Task<Setup> ServerViaBroker(Peers peers)
    {
        var bound = Drain + AbandonGrace;
        var options = new ZmqServerOptions { ViaBroker = true, DrainTimeout = Drain };
        if (peers == Peers.NeverConnected)
        {
            var lonely = new ShapesServer(new Shapes(), Nobody, options);
            lonely.Start();
            return new(lonely, bound, Task.CompletedTask);
        }

        var broker = new ZmqBroker(Loopback.AnyPort);
        broker.Start();
        var implementation = new Shapes();
        var server = new ShapesServer(implementation, broker.Endpoint, options);
        server.Start();
        var client = new ShapesClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true });
        var call = client.Wait(1, CancellationToken.None);
        await implementation.Entered();
        return new(server, bound, Ended(call), client, broker);
    }

    /// <summary>Messages from a publisher queued for a subscriber that reads nothing.</summary>
    private static Setup Proxy(Peers peers)
    {
        var proxy = new ZmqPubSubProxy(Loopback.AnyPort, Loopback.AnyPort, new ZmqPubSubProxyOptions { SendHighWatermark = 1, Linger = Drain });
        if (peers == Peers.NeverConnected)
        {
            return new(proxy, TimeSpan.Zero, Task.CompletedTask);
        }

        var publisher = new PublisherSocket(">" + proxy.PublisherEndpoint);
        var subscriber = new SubscriberSocket(">" + proxy.SubscriberEndpoint);
        subscriber.SubscribeToAnyTopic();
        for (var num = 0; num < 10; num++)
        {
            publisher.SendFrames(Utf8("topic"), Utf8($"message {num}"));
        }

        return new(proxy, TimeSpan.Zero, Task.CompletedTask, Disposal.Of(publisher.Dispose), Disposal.Of(subscriber.Dispose));
    }

    /// <summary>Completes when <paramref name="work"/> has ended, however it ended.</summary>
    private static Task Ended(Task work) => work.ContinueWith(_ => { }, TaskScheduler.Default);

    /// <param name="Subject">The endpoint under test.</param>
    /// <param name="Bound">Its documented dispose bound.</param>
    /// <param name="Outstanding">The work it had outstanding, which must have ended once it is disposed.</param>
    /// <param name="PeerDisposals">Its peers.</param>
    private sealed record Setup(IAsyncDisposable Subject, TimeSpan Bound, Task Outstanding, params IAsyncDisposable[] PeerDisposals)
    {
        private bool _peersDisposed;

        public async Task DisposePeers()
        {
            if (_peersDisposed)
            {
                return;
            }

            _peersDisposed = true;
            foreach (var peer in PeerDisposals)
            {
                await peer.DisposeAsync().AsTask().Bound();
            }
        }
    }

    private sealed class Disposal(Func<ValueTask> dispose) : IAsyncDisposable
    {
        public static Disposal Of(Action dispose) => new(() =>
        {
            dispose();
            return ValueTask.CompletedTask;
        });

        public static Disposal Of(Func<Task> dispose) => new(() => new ValueTask(dispose()));

        public ValueTask DisposeAsync() => dispose();
    }
}
