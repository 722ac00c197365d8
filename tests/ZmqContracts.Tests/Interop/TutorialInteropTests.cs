using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Interop;

/// <summary>
/// The pyzmq tutorial's programs (samples/python/tutorial), unchanged apart from their endpoints and a timeout, which
/// tutorial/run.py substitutes, against generated code.
/// </summary>
public class TutorialInteropTests
{
    private const int TutorialItems = 2_000;

    [PythonFact]
    public async Task The_tutorial_REP_server_answers_a_typed_client_that_sends_the_payload_alone()
    {
        using var server = Tutorial("reqrep/zmq_server.py");
        var endpoint = await server.WaitForAsync("listening on");
        await using var client = new PlainClient(endpoint);

        for (var call = 0; call < 2; call++)
        {
            Assert.Equal("new message", Encoding.UTF8.GetString(await client.Send("A message"u8.ToArray()).Bound()));
            Assert.Equal("b'A message'", await server.WaitForAsync("收到消息:"));
        }
    }

    [PythonFact]
    public async Task The_tutorial_REQ_client_calls_a_typed_server_of_the_same_contract()
    {
        await using var server = new PlainServer(new PlainReplies(), Loopback.AnyPort);
        server.Start();

        using var client = Tutorial("reqrep/zmq_client.py", server.Endpoint);

        Assert.Equal(["b'new message'"], await client.ExitedAsync());
    }

    [PythonFact]
    public async Task The_tutorial_PUB_server_reaches_typed_subscribers_of_raw_text_records()
    {
        using var publisher = Tutorial("pubsub/zmq_server.py");
        await using var subscriber = new ZmqSubscriber(await publisher.WaitForAsync("listening on"));

        var client1 = subscriber.Subscribe<Client1Text>().TakeAsync(3);
        var client2 = subscriber.Subscribe<Client2Text>().TakeAsync(3);

        Assert.All(await client1.Bound(), message => Assert.Equal("message for client1", message.Text));
        Assert.All(await client2.Bound(), message => Assert.Equal("message for client2", message.Text));
    }

    [Fact]
    public async Task A_subscriber_of_raw_client1_text_never_sees_the_tutorials_client1cient2()
    {
        using var publisher = new PubSubTesting.RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Client1Text>().StartTaking(2);
        Assert.Equal("+client1", publisher.NextSubscription());

        publisher.Send("client1cient2"u8.ToArray(), "message for client1cient2"u8.ToArray());
        publisher.Send("client1"u8.ToArray(), "message for client1"u8.ToArray());
        publisher.Send("client1"u8.ToArray(), [0xE2, 0x82, 0xAC]);

        Assert.Equal(["message for client1", "€"], (await received.Bound()).Select(message => message.Text));
        Assert.Equal(1, subscriber.Statistics.Unmatched);
    }

    [PythonFact]
    public async Task The_tutorial_SUB_clients_receive_raw_text_records_from_a_typed_publisher()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { NumberMessages = false });
        using var client1 = Tutorial("pubsub/zmq_client1.py", publisher.Endpoint);
        using var client2 = Tutorial("pubsub/zmq_client2.py", publisher.Endpoint);
        await publisher.WaitForSubscriberAsync<Client1Text>().Bound();
        await publisher.WaitForSubscriberAsync<Client2Text>().Bound();

        await publisher.PublishAsync(new Client1Text("message for client1"));
        await publisher.PublishAsync(new Client2Text("message for client2"));

        Assert.Equal(["[b'client1', b'message for client1']"], await client1.ExitedAsync());
        Assert.Equal(["[b'client2', b'message for client2']"], await client2.ExitedAsync());
    }

    [PythonFact]
    public async Task The_tutorial_producer_and_result_collector_work_with_a_typed_worker_that_binds_its_output()
    {
        using var producer = Tutorial("pipeline/producer.py");
        var producerEndpoint = await producer.WaitForAsync("listening on");
        await using var worker = new TutorialConsumerWorker(new TutorialConsumer(42), producerEndpoint, Loopback.AnyPort, new ZmqWorkerOptions
        {
            BindOutput = true,

            // The tutorial's collector reads one result and leaves: the results after it have nowhere to go.
            DrainTimeout = TimeSpan.FromSeconds(1),
        });
        worker.Start();

        using var collector = Tutorial("pipeline/resultcollector.py", worker.OutputEndpoint!);

        Assert.Equal(["{42: 1000}"], await collector.ExitedAsync());
    }

    [PythonFact]
    public async Task The_tutorial_producer_feeds_a_typed_worker_whose_results_a_binding_typed_collector_reads()
    {
        using var producer = Tutorial("pipeline/producer.py");
        var producerEndpoint = await producer.WaitForAsync("listening on");
        await using var collector = new TutorialConsumerCollector(Loopback.AnyPort);
        await using var worker = new TutorialConsumerWorker(new TutorialConsumer(7), producerEndpoint, collector.Endpoint);
        worker.Start();

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        var received = await results.TakeAsync(TutorialItems);

        Assert.Equal(Enumerable.Range(0, TutorialItems), received.Select(result => result.Num).Order());
        Assert.All(received, result => Assert.Equal(7, result.ConsumerId));
        await producer.ExitedAsync();
    }

    [PythonFact]
    public async Task A_typed_producer_feeds_the_tutorial_consumer_whose_results_the_tutorial_collector_reads()
    {
        await using var producer = new TutorialConsumerProducer(Loopback.AnyPort);
        using var consumer = Tutorial("pipeline/consumer.py", producer.Endpoint);
        using var collector = Tutorial("pipeline/resultcollector.py", await consumer.WaitForAsync("listening on"));

        await producer.Consume(new WorkMessage(1)).AsTask().Bound();

        Assert.Matches(@"^\{\d+: 1000\}$", Assert.Single(await collector.ExitedAsync()));
    }

    [PythonFact]
    public async Task The_tutorial_consumer_that_binds_its_output_feeds_a_typed_collector_that_connects()
    {
        await using var producer = new TutorialConsumerProducer(Loopback.AnyPort);
        using var consumer = Tutorial("pipeline/consumer.py", producer.Endpoint);
        await using var collector = new TutorialConsumerCollector(await consumer.WaitForAsync("listening on"), new ZmqCollectorOptions { Connect = true });

        for (var num = 0; num < TutorialItems; num++)
        {
            await producer.Consume(new WorkMessage(num)).AsTask().Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal(Enumerable.Range(0, TutorialItems), (await results.TakeAsync(TutorialItems)).Select(result => result.Num).Order());
    }

    /// <summary>Starts a tutorial program through tutorial/run.py, which gives it a free port or <paramref name="connect"/> for its endpoints.</summary>
    private static PythonPeer Tutorial(string script, string? connect = null) => connect is null
        ? Python.Start("tutorial/run.py", $"tutorial/{script}")
        : Python.Start("tutorial/run.py", $"tutorial/{script}", connect);

    private sealed class PlainReplies : IPlain
    {
        public Task<byte[]> Send(byte[] message, System.Threading.CancellationToken cancellationToken = default) =>
            Task.FromResult(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(message) == "A message" ? "new message" : "unexpected"));
    }
}
