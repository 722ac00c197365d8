using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;

namespace ZmqContracts.Tests.Security;

/// <summary>
/// CURVE in a pipeline: the producer and the collector bind and are CURVE servers; a worker connects to both as a CURVE
/// client, with the one server public key of its options, so the two share a key pair.
/// </summary>
public class PipelineCurveTests
{
    private const int Items = 20;

    [Theory]
    [InlineData("none")]
    [InlineData("wrong")]
    public async Task Only_a_worker_with_the_pipelines_public_key_gets_items(string serverKey)
    {
        var pipelineKeys = ZmqCurveKeyPair.Generate();
        var server = ZmqCurve.Server(pipelineKeys);
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { Curve = server });
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { Curve = server });
        await using var worker = new WorkStageWorker(new TestWorkStage("trusted"), producer.Endpoint, collector.Endpoint,
            new ZmqWorkerOptions { Curve = ZmqCurve.Client(pipelineKeys.PublicKey) });
        worker.Start();
        await using var results = collector.ReadAllAsync().GetAsyncEnumerator();
        await producer.Process(new WorkItem(0)).Bound();
        Assert.Equal("trusted", (await results.TakeAsync(1)).Single().WorkerId);

        // The impostor reaches the producer through a proxy that sees its connections: a second one means the first was refused.
        using var proxy = new FreezableProxy(producer.Endpoint);
        var impostorStage = new TestWorkStage("impostor");
        await using var impostor = new WorkStageWorker(impostorStage, proxy.Endpoint, collector.Endpoint,
            new ZmqWorkerOptions { Curve = CurveTesting.ClientWith(serverKey) });
        impostor.Start();
        await proxy.NextAcceptedAsync().Bound();
        await proxy.NextAcceptedAsync().Bound();

        // ZeroMQ deals items in turn to every worker connected: an impostor that had a connection would get every other one.
        var taken = await producer.SendUntilAsync(results, firstNum: 1, enough: read => read.Count == Items);

        Assert.All(taken, result => Assert.Equal("trusted", result.WorkerId));
        Assert.Equal(0, impostorStage.Started);
    }

    [Fact]
    public async Task Acknowledgements_travel_over_CURVE_with_the_pipelines_key_pair()
    {
        var pipelineKeys = ZmqCurveKeyPair.Generate();
        var server = ZmqCurve.Server(pipelineKeys);
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { Curve = server, AcknowledgementEndpoint = Loopback.AnyPort });
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            Curve = server,
            AcknowledgementEndpoint = collector.AcknowledgementEndpoint,
            RedeliveryTimeout = Within.Timeout,
            Linger = TimeSpan.FromSeconds(10),
        });
        await using var worker = new WorkStageWorker(new TestWorkStage("trusted"), producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { Curve = ZmqCurve.Client(pipelineKeys.PublicKey) });
        worker.Start();
        await using var results = collector.ReadAllAsync().GetAsyncEnumerator();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        Assert.Equal(Enumerable.Range(0, Items), (await results.TakeAsync(Items)).Select(result => result.Num).Order());

        // Disposing waits for the acknowledgements: none pending afterwards means they came through the encrypted socket.
        await producer.DisposeAsync().AsTask().Bound();
        Assert.Equal(0, producer.PendingItems);
        Assert.Equal(0, producer.ItemsRedelivered);
    }

    [Fact]
    public async Task Two_stages_joined_by_a_relay_all_speak_CURVE()
    {
        var pipelineKeys = ZmqCurveKeyPair.Generate();
        var server = ZmqCurve.Server(pipelineKeys);
        var client = ZmqCurve.Client(pipelineKeys.PublicKey);
        await using var collector = new ReviewStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { Curve = server });
        await using var relay = new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort, new ZmqProducerOptions { Curve = server });
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { Curve = server });
        await using var first = new WorkStageWorker(new TestWorkStage("first"), producer.Endpoint, relay.InputEndpoint, new ZmqWorkerOptions { Curve = client });
        await using var second = new ReviewStageWorker(new TestReviewStage("second"), relay.OutputEndpoint, collector.Endpoint, new ZmqWorkerOptions { Curve = client });
        first.Start();
        second.Start();
        await using var reviews = collector.ReadAllAsync().GetAsyncEnumerator();

        await producer.Process(new WorkItem(7)).Bound();

        Assert.Equal(new Review(7, "first", "second"), (await reviews.TakeAsync(1)).Single());
    }
}
