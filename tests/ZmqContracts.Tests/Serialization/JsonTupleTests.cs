using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Serialization;

[Reply(Format = ZmqFormat.Json)]
public interface ITally
{
    Task<(int Count, string Name)> Count(string name);

    Task<string> Describe((int Count, string Name) pair);
}

public sealed class Tally : IContextTally
{
    public Task<(int Count, string Name)> Count(string name) => Task.FromResult((name.Length, name));

    public Task<string> Describe((int Count, string Name) pair) => Task.FromResult($"{pair.Name}: {pair.Count}");
}

[Pipeline(Format = ZmqFormat.Json)]
public interface IPairStage
{
    Task<(int Count, string Name)> Measure((string Name, int Weight) item);
}

public sealed class PairStage : IPairStage
{
    public Task<(int Count, string Name)> Measure((string Name, int Weight) item) => Task.FromResult((item.Weight * 2, item.Name));
}

[Topic("pairs.json", Format = ZmqFormat.Json)]
public partial record PairMessage((int Count, string Name) Pair);

/// <summary>A context that describes a tuple, without options of its own.</summary>
[JsonSerializable(typeof((int Count, string Name)))]
[JsonSerializable(typeof(string))]
internal partial class TupleJsonContext : JsonSerializerContext;

[Reply(Format = ZmqFormat.Json, JsonContext = typeof(TupleJsonContext))]
public interface IContextTally : ITally;

/// <summary>Tuples in the JSON format: their elements are fields, which System.Text.Json skips unless told (docs/protocol.md).</summary>
public class JsonTupleTests
{
    [Fact]
    public async Task A_tuple_result_and_a_tuple_argument_cross_a_JSON_contract_whole()
    {
        await using var server = new TallyServer(new Tally(), Loopback.AnyPort);
        server.Start();
        await using var client = new TallyClient(server.Endpoint);

        await AssertTuplesCross(client);
    }

    [Fact]
    public async Task On_the_wire_a_tuple_is_an_object_of_item1_item2_that_a_pyzmq_peer_writes_and_reads()
    {
        await using var server = new TallyServer(new Tally(), Loopback.AnyPort);
        server.Start();
        using var peer = new RequestSocket(server.Endpoint);

        peer.SendFrames(Utf8("Count"), Utf8("\"abc\""));
        Assert.Equal("""{"item1":3,"item2":"abc"}""", Encoding.UTF8.GetString(Assert.Single(peer.ReceiveFrames())));

        peer.SendFrames(Utf8("Describe"), Utf8("""{"item1": 2, "item2": "b"}"""));
        Assert.Equal("\"b: 2\"", Encoding.UTF8.GetString(Assert.Single(peer.ReceiveFrames())));
    }

    [Fact]
    public async Task A_tuple_item_and_result_cross_a_JSON_pipeline_whole()
    {
        await using var producer = new PairStageProducer(Loopback.AnyPort);
        await using var collector = new PairStageCollector(Loopback.AnyPort);
        await using var worker = new PairStageWorker(new PairStage(), producer.Endpoint, collector.Endpoint);
        worker.Start();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();

        await producer.Measure(("a", 21)).Bound();

        Assert.Equal((42, "a"), (await results.TakeAsync(1)).Single());
    }

    [Fact]
    public async Task A_tuple_property_crosses_a_JSON_topic_whole()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<PairMessage>().StartTaking(1);
        await publisher.WaitForSubscriberAsync<PairMessage>().Bound();

        await publisher.PublishAsync(new PairMessage((2, "a"))).Bound();

        Assert.Equal(new PairMessage((2, "a")), Assert.Single(await received.Bound()));
    }

    [Fact]
    public async Task A_tuple_crosses_a_contract_whose_JsonContext_describes_it()
    {
        await using var server = new ContextTallyServer(new Tally(), Loopback.AnyPort);
        server.Start();
        await using var client = new ContextTallyClient(server.Endpoint);

        await AssertTuplesCross(client);
    }

    [Fact]
    public async Task JSON_options_without_IncludeFields_fail_a_call_with_a_tuple_instead_of_sending_it_as_an_empty_object()
    {
        var withoutFields = new JsonZmqSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        await using var server = new TallyServer(new Tally(), Loopback.AnyPort, new ZmqServerOptions { Serializer = withoutFields });
        server.Start();
        await using var client = new TallyClient(server.Endpoint, new ZmqClientOptions { Serializer = withoutFields });

        var argument = await Assert.ThrowsAsync<ZmqPayloadException>(() => client.Describe((2, "b")).Bound());
        var result = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Count("abc").Bound());

        Assert.Contains("is a tuple, whose elements are fields, and these JSON options leave fields out", Assert.IsType<NotSupportedException>(argument.InnerException).Message);
        Assert.Equal(ZmqErrorCode.HandlerFailed, result.Code);
    }

    /// <summary>A tuple result and a tuple argument cross whole.</summary>
    private static async Task AssertTuplesCross(ITally client)
    {
        Assert.Equal((3, "abc"), await client.Count("abc").Bound());
        Assert.Equal("b: 2", await client.Describe((2, "b")).Bound());
    }
}
