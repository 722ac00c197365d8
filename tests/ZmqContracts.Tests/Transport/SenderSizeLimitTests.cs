using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Transport;

/// <summary>
/// A sender refuses, at once and before anything is queued, a message with a frame over its own
/// <see cref="ZmqSocketOptions.MaxMessageSize"/>: a receiver with the same limit would drop the connection, and ZeroMQ
/// the messages queued behind it, with nothing reported. A server's reply and a worker's result are held to the same
/// limit, and fail their call or item instead.
/// </summary>
public class SenderSizeLimitTests
{
    private const int DefaultLimit = 16 * 1024 * 1024;
    private const int Oversized = 17 * 1024 * 1024;

    [Fact]
    public async Task An_oversized_item_is_refused_at_once_and_every_item_around_it_reaches_the_collector()
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, collector.Endpoint);
        worker.Start();
        await using var results = collector.ReadAllAsync().GetAsyncEnumerator();
        for (var num = 0; num < 100; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        var refusal = producer.Process(new WorkItem(100, new byte[Oversized])).AsTask();
        Assert.True(refusal.IsFaulted, "the item was queued");
        var refused = await Assert.ThrowsAsync<ZmqMessageTooLargeException>(() => refusal);
        for (var num = 101; num <= 200; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        Assert.Equal(DefaultLimit, refused.Limit);
        Assert.True(refused.Size > Oversized, $"the size named is {refused.Size}");
        Assert.Contains("The item of WorkStage.Process is 17,", refused.Message);
        Assert.Contains("MaxMessageSize of 16,777,216 bytes: nothing was sent", refused.Message);
        var received = await results.TakeAsync(200);
        Assert.Equal(Enumerable.Range(0, 201).Where(num => num != 100), received.Select(result => result.Num).Order());
        Assert.Equal(0, worker.ItemsFailed);
    }

    [Fact]
    public async Task An_oversized_request_fails_at_once_naming_its_size_and_the_limit_and_the_server_never_sees_it()
    {
        await using var served = ServedShapes.Start(clientOptions: new ZmqClientOptions { RequestTimeout = Timeout.InfiniteTimeSpan });

        var call = served.Client.Reverse(new byte[Oversized]);

        Assert.True(call.IsFaulted, "the call was sent and waits for a reply");
        var refused = await Assert.ThrowsAsync<ZmqMessageTooLargeException>(() => call);
        Assert.StartsWith("The request to Shapes.Reverse is 17,", refused.Message);
        Assert.Equal(DefaultLimit, refused.Limit);
        Assert.Equal([3, 2, 1], await served.Client.Reverse([1, 2, 3]).Bound());
    }

    [Fact]
    public async Task A_request_within_a_raised_limit_is_sent()
    {
        const int Limit = 32 * 1024 * 1024;
        await using var served = ServedShapes.Start(new ZmqServerOptions { MaxMessageSize = Limit }, new ZmqClientOptions { MaxMessageSize = Limit });

        Assert.Equal(Oversized, (await served.Client.Reverse(new byte[Oversized]).Bound()).Length);
    }

    [Fact]
    public async Task With_CURVE_a_frame_as_long_as_the_limit_is_delivered_with_the_calls_around_it_and_one_byte_more_is_refused_at_once()
    {
        const int Limit = 4096;
        var keys = ZmqCurveKeyPair.Generate();
        await using var served = ServedShapes.Start(
            new ZmqServerOptions { MaxMessageSize = Limit, Curve = ZmqCurve.Server(keys) },
            new ZmqClientOptions { MaxMessageSize = Limit, Curve = ZmqCurve.Client(keys.PublicKey) });

        // The argument's frame is its bytes and a 3-byte MessagePack header: Limit bytes in all, and the reply's as many.
        // Encrypted, each frame is 33 bytes longer on the wire, which the receiver's limit must allow for.
        var small = Enumerable.Range(0, 10).Select(num => served.Client.Reverse([(byte)num, 1])).ToList();
        var longest = served.Client.Reverse(new byte[Limit - 3]);

        Assert.Equal(Limit - 3, (await longest.Bound()).Length);
        Assert.All(await Task.WhenAll(small).Bound(), reply => Assert.Equal(2, reply.Length));
        await Assert.ThrowsAsync<ZmqMessageTooLargeException>(() => served.Client.Reverse(new byte[Limit - 2]));
    }

    [Fact]
    public async Task An_oversized_message_is_not_published_and_the_next_one_is()
    {
        const int Limit = 1_000;
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { MaxMessageSize = Limit });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();

        var refused = await Assert.ThrowsAsync<ZmqMessageTooLargeException>(async () => await publisher.PublishAsync(new Client1Message(new string('x', Limit))));
        await publisher.PublishAsync(new Client1Message("fits")).Bound();

        Assert.StartsWith("The Client1Message on client1 is 1,00", refused.Message);
        Assert.Equal(Limit, refused.Limit);
        Assert.Equal("fits", (await received.Bound()).Single().Text);
    }

    [Fact]
    public async Task A_result_over_the_servers_limit_fails_its_call_at_once_and_the_next_call_is_answered()
    {
        const int Limit = 64 * 1024;
        await using var server = new InflateServer(new Inflater(), Loopback.AnyPort, new ZmqServerOptions { MaxMessageSize = Limit });
        server.Start();
        await using var client = new InflateClient(server.Endpoint, new ZmqClientOptions { MaxMessageSize = Limit, RequestTimeout = Timeout.InfiniteTimeSpan });

        var failed = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Inflate(Limit + 1).Bound());

        Assert.Equal(ZmqErrorCode.HandlerFailed, failed.Code);
        Assert.Contains("The result of Inflate.Inflate is 65,5", failed.Message);
        Assert.Contains("over the MaxMessageSize of 65,536 bytes of the side that sends it: it was not sent", failed.Message);
        Assert.Equal(10, (await client.Inflate(10).Bound()).Length);
    }

    [Fact]
    public async Task A_result_over_the_workers_limit_reaches_the_collector_as_a_failure_and_every_result_around_it_arrives()
    {
        const int Limit = 64 * 1024;
        await using var producer = new InflateStageProducer(Loopback.AnyPort);
        await using var collector = new InflateStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { MaxMessageSize = Limit });
        await using var worker = new InflateStageWorker(new Inflater(), producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { MaxMessageSize = Limit });
        worker.Start();
        for (var num = 0; num < 201; num++)
        {
            await producer.Inflate(num == 100 ? Limit + 1 : num).Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        var outcomes = await collector.ReadOutcomesAsync(201, timeLimit.Token).ToListAsync(timeLimit.Token).AsTask().Bound();

        var failure = Assert.Single(outcomes, outcome => !outcome.IsSuccess).Failure!;
        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Error.Code);
        Assert.Contains("The result of InflateStage.Inflate is 65,5", failure.Error.Message);
        Assert.Equal(Limit + 1, failure.ReadItem<int>());
        Assert.Equal(Enumerable.Range(0, 201).Where(num => num != 100), outcomes.Where(outcome => outcome.IsSuccess).Select(outcome => outcome.Result.Length).Order());
        Assert.Equal(1, worker.ItemsFailed);
    }
}

/// <summary>A contract whose results are larger than what asks for them.</summary>
[Reply]
public interface IInflate
{
    Task<byte[]> Inflate(int size);
}

/// <summary>The pipeline stage of <see cref="IInflate"/>.</summary>
[Pipeline]
public interface IInflateStage
{
    Task<byte[]> Inflate(int size);
}

internal sealed class Inflater : IInflate, IInflateStage
{
    public Task<byte[]> Inflate(int size) => Task.FromResult(new byte[size]);
}
