using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using Xunit.Abstractions;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Fuzz;

/// <summary>
/// Every receiving side takes <see cref="FuzzRun.Messages"/> malformed messages from a raw NetMQ peer, interleaved with
/// valid ones: it does not crash, serves or delivers every valid message correctly, and holds no more memory afterwards
/// than <see cref="FuzzRun.MemoryBound"/>. Each test has its own fixed seed, so that a failure reproduces.
/// </summary>
[Collection(FuzzCollection.Name)]
public class FuzzTests(ITestOutputHelper output)
{
    private const int ValidNumbers = 1_000_000;

    [Fact]
    public async Task A_server_fed_malformed_requests_answers_every_valid_call()
    {
        await using var served = ServedShapes.Start(new ZmqServerOptions { MaxMessageSize = FuzzRun.MaxFrameSize });
        using var dealer = new DealerSocket(served.Server.Endpoint);
        // Every operation but Wait, which would hold a handler until the test ends.
        var names = typeof(IShapes).GetMethods().Select(method => method.Name).Where(name => name != nameof(IShapes.Wait)).Select(Utf8).ToList();
        var junk = new MalformedMessages(seed: 6001, FuzzRun.MaxFrameSize, names,
        [
            Payload(new Operands(2, 3)), Payload("text"), Payload(new byte[] { 1, 2, 3 }),
            Payload(new Dictionary<string, int[]> { ["a"] = [1, 2] }), Payload(42),
        ]);
        var sent = 0L;
        var withEnvelope = new Random(6002);

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                // Most junk carries an envelope, so that it reaches the body's checks and gets a reply to drain.
                dealer.SendFrames(withEnvelope.Next(4) == 0 ? frames : [[9, 9, 9, 9], [], .. frames]);
                sent++;
                DrainReplies(dealer);
            },
            async n => Assert.Equal(new Sum(2 * n + 1), await served.Client.Add(new Operands(n, n + 1))),
            () => sent,
            output);
    }

    [Fact]
    public void The_runs_at_the_default_size_run_at_the_subscribers_and_the_workers_default_MaxMessageSize()
    {
        Assert.Equal(FuzzRun.DefaultMaxFrameSize, new ZmqSubscriberOptions().MaxMessageSize);
        Assert.Equal(FuzzRun.DefaultMaxFrameSize, new ZmqWorkerOptions().MaxMessageSize);
    }

    /// <summary>Junk and valid messages from a raw publisher to a subscriber whose <see cref="ZmqSocketOptions.MaxMessageSize"/> is <paramref name="maxFrameSize"/>.</summary>
    [Theory]
    [InlineData(6003, FuzzRun.MaxFrameSize, FuzzRun.Messages)]
    [InlineData(6007, FuzzRun.DefaultMaxFrameSize, FuzzRun.DefaultSizeMessages)]
    public async Task A_subscriber_fed_malformed_messages_delivers_every_valid_one_in_order(int seed, int maxFrameSize, int messages)
    {
        using var publisher = new PubSubTesting.RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { MaxMessageSize = maxFrameSize });
        using var stop = new CancellationTokenSource();
        var junkRead = Task.Run(async () => await subscriber.Subscribe<Client1Message>(stop.Token).CountAsync());
        var valid = subscriber.Subscribe<Client2Message>(stop.Token).GetAsyncEnumerator();
        var started = valid.MoveNextAsync();
        Assert.Equal(["+client1", "+client2"], new[] { publisher.NextSubscription(), publisher.NextSubscription() }.Order());
        var junk = new MalformedMessages(seed, maxFrameSize, [Utf8("client1"), Utf8("client2")],
            [Payload(new Client1Message("text")), Payload(new Client2Message("text"))]);
        var validSent = 0;

        await FuzzRun.RunAsync(
            junk,
            // ZeroMQ filters by topic at the publisher, so every junk message is given a topic, usually one that passes.
            frames => publisher.Send([junk.Name(), .. frames]),
            async n =>
            {
                validSent++;
                publisher.Send(Utf8("client2"), Payload(new Client2Message($"valid {n}")));
                var next = n == 0 ? started : valid.MoveNextAsync();
                Assert.Equal($"valid {n}", (await NextValid(valid, next, message => message.Text?.StartsWith("valid ", StringComparison.Ordinal) == true)).Text);
            },
            () => subscriber.Statistics.Received - validSent,
            output,
            messages);

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => junkRead.Bound());
    }

    [Theory]
    [InlineData(SlowSubscriberMode.Drop)]
    [InlineData(SlowSubscriberMode.Wait)]
    public async Task A_publisher_fed_malformed_subscriptions_and_acknowledgements_keeps_serving_its_subscriber(SlowSubscriberMode mode)
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = mode, WaitWindow = 20, MaxMessageSize = FuzzRun.MaxFrameSize });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        await using var valid = subscriber.Subscribe<Client1Message>().GetAsyncEnumerator();
        var started = valid.MoveNextAsync();
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();

        // The hostile peer is an XSUB, which sends upstream whatever it is given. It learns the publisher's id from a
        // message's position frame, so that its forged acknowledgements and positions get past the first check.
        using var hostile = new XSubscriberSocket(publisher.Endpoint);
        hostile.SendFrames([1, .. Utf8("client2")]);
        await publisher.WaitForSubscriberAsync<Client2Message>().Bound();
        await publisher.PublishAsync(new Client2Message("for the hostile peer"));
        var publisherId = hostile.ReceiveFrames()[2][..8];
        byte[] subscribe = [1], unsubscribe = [0];
        var junk = new MalformedMessages(seed: 6006, FuzzRun.MaxFrameSize,
            [
                [.. subscribe, .. Utf8("client2")], [.. unsubscribe, .. Utf8("client1")], [.. subscribe, .. Utf8("zmqc.flow.")],
                [.. subscribe, .. Utf8("zmqc.flow.0123456789abcdeg")], [.. unsubscribe, .. Utf8("zmqc.flow.0123456789abcdef")],
                Utf8("zmqc.ack"), subscribe, unsubscribe,
            ],
            [PubSubTesting.Position(publisherId, 1), PubSubTesting.Position(publisherId, long.MaxValue), Utf8("zmqc.flow.0123456789abcdef")]);
        var sent = 0L;

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                hostile.SendFrames(frames);
                sent++;
                DrainReplies(hostile);
            },
            async n =>
            {
                // The round's subscription follows its junk on the hostile peer's connection: once it is seen, so was the junk.
                hostile.SendFrames([.. subscribe, .. Utf8($"rounds.{n}")]);
                await publisher.WaitForSubscriberAsync(Round.TopicFor(n)).Bound();
                hostile.SendFrames([.. unsubscribe, .. Utf8($"rounds.{n}")]);
                await publisher.PublishAsync(new Client1Message($"valid {n}")).AsTask().Bound();
                Assert.True(await (n == 0 ? started : valid.MoveNextAsync()).AsTask().Bound());
                Assert.Equal($"valid {n}", valid.Current.Text);
            },
            () => sent,
            output);

        Assert.Equal(0, subscriber.Statistics.Missed);
    }

    /// <summary>Junk and valid items from a raw producer to a worker whose <see cref="ZmqSocketOptions.MaxMessageSize"/> is <paramref name="maxFrameSize"/>.</summary>
    [Theory]
    [InlineData(6004, FuzzRun.MaxFrameSize, FuzzRun.Messages)]
    [InlineData(6008, FuzzRun.DefaultMaxFrameSize, FuzzRun.DefaultSizeMessages)]
    public async Task A_worker_fed_malformed_items_processes_every_valid_item(int seed, int maxFrameSize, int messages)
    {
        using var producer = new PushSocket();
        producer.Bind(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("fuzzed"), producer.Options.LastEndpoint!, collector.Endpoint,
            new ZmqWorkerOptions { MaxMessageSize = maxFrameSize });
        worker.Start();

        await RunAgainstCollector(collector, worker, seed, Payload(new WorkItem(5, [1, 2, 3])),
            frames => producer.SendFrames(frames),
            n => producer.SendFrames(Payload(new WorkItem(ValidNumbers + n))),
            maxFrameSize,
            messages);
    }

    [Fact]
    public async Task A_collector_fed_malformed_results_delivers_every_valid_result()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { MaxMessageSize = FuzzRun.MaxFrameSize });
        using var worker = new PushSocket(collector.Endpoint);

        await RunAgainstCollector(collector, worker: null, seed: 6005, Payload(new WorkResult(5, "w")),
            frames => worker.SendFrames(frames),
            n => worker.SendFrames(Payload(new WorkResult(ValidNumbers + n, "valid"))),
            FuzzRun.MaxFrameSize,
            FuzzRun.Messages);
    }

    /// <summary>
    /// The pipeline half of a run: junk goes in, valid item or result n comes out of <paramref name="collector"/> with the
    /// number <see cref="ValidNumbers"/> + n, and the failures the junk causes are read as they come.
    /// </summary>
    /// <param name="worker">The worker the items go through, or <see langword="null"/> when the collector is fed directly.</param>
    private async Task RunAgainstCollector(WorkStageCollector collector, WorkStageWorker? worker, int seed, byte[] validPayload, Action<byte[][]> sendJunk, Action<int> sendValid, int maxFrameSize, int messages)
    {
        using var stop = new CancellationTokenSource();
        var failuresRead = 0L;
        var failureReading = Task.Run(async () =>
        {
            await foreach (var _ in collector.ReadFailuresAsync(stop.Token))
            {
                Interlocked.Increment(ref failuresRead);
            }
        });
        var results = collector.ReadAllAsync(stop.Token).GetAsyncEnumerator();
        var error = Encoding.UTF8.GetBytes("""{"code":"handler-failed","type":"System.Exception","message":"m"}""");
        // An acknowledged item's id frame (zmqc.id, a producer, a sequence number and a floor) lands anywhere in the junk.
        byte[] id = [.. "zmqc.id"u8, .. Enumerable.Range(0, 32).Select(i => (byte)i)];
        var junk = new MalformedMessages(seed, maxFrameSize, [Utf8("zmqc.error"), Utf8("Process"), id], [validPayload, error]);
        var sent = 0L;
        var validSent = 0L;

        // A worker runs its items on several loops, so a round's valid item can come out while junk taken before it is
        // still being read, or its failure, which carries the junk (up to 16 MiB), is on its way to the test's reading.
        // The run is over when every item the worker took came out processed or as a failure that the test has read.
        bool Settled() =>
            Interlocked.Read(ref failuresRead) == collector.FailureCount
            && (worker is null || worker.ItemsProcessed + collector.FailureCount == sent + validSent);

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                sendJunk(frames);
                sent++;
            },
            async n =>
            {
                sendValid(n);
                validSent++;
                Assert.Equal(ValidNumbers + n, (await NextValid(results, results.MoveNextAsync(), result => result?.Num >= ValidNumbers)).Num);
            },
            () => sent,
            output,
            messages,
            () => Assert.True(
                SpinWait.SpinUntil(Settled, Within.Timeout),
                $"of {sent + validSent} items, {worker?.ItemsProcessed} processed; {collector.FailureCount} failures collected, {Interlocked.Read(ref failuresRead)} read"));

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => failureReading.Bound());
        Assert.True(collector.FailureCount > 0, "no junk was reported as a failure");
    }

    /// <summary>
    /// The next item of <paramref name="stream"/> that <paramref name="isValid"/> accepts, skipping what junk happened to
    /// decode into: an empty MessagePack map is a record of default values, and nil is a null record.
    /// </summary>
    internal static async Task<T> NextValid<T>(IAsyncEnumerator<T> stream, ValueTask<bool> next, Func<T, bool> isValid)
    {
        for (var skipped = 0; skipped <= FuzzRun.Messages; skipped++)
        {
            Assert.True(await next.Bound(), "the stream ended");
            if (isValid(stream.Current))
            {
                return stream.Current;
            }

            next = stream.MoveNextAsync();
        }

        throw new Xunit.Sdk.XunitException("no valid item among the items junk decoded into");
    }

    internal static void DrainReplies(NetMQSocket socket)
    {
        var message = new NetMQMessage();
        for (var i = 0; i < FuzzRun.Messages && socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref message); i++)
        {
            message.Clear();
        }
    }

    internal static byte[] Payload<T>(T value) => PayloadFrames.Serialize(ZmqSerializers.MessagePack, value, "fuzz");
}
