using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Interop;

/// <summary>
/// The MDP/0.1 client, worker and broker of samples/python (written with pyzmq from RFC 7) against <see cref="ZmqBroker"/>
/// and typed clients and servers with <c>ViaBroker</c>; and typed publishers and subscribers through libzmq's own
/// XSUB/XPUB proxy (samples/python/proxy.py).
/// </summary>
public class MajordomoInteropTests
{
    [PythonFact]
    public async Task A_pyzmq_MDP_client_calls_a_typed_server_through_the_typed_broker_and_finds_it_with_mmi_service()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        await using var server = new GreeterServer(new Greeter(), broker.Endpoint, new ZmqServerOptions { ViaBroker = true }).Started();

        using var client = Python.Start("mdp_client.py", broker.Endpoint, "Greeter", "Ada", "--count", "3");
        Assert.Equal(["Hello, Ada", "Hello, Ada", "Hello, Ada"], await client.ExitedAsync());

        using var lookup = Python.Start("mdp_client.py", broker.Endpoint, "mmi.service", "Greeter", "--serializer", "raw");
        Assert.Equal(["200"], await lookup.ExitedAsync());
    }

    [PythonFact]
    public async Task A_pyzmq_MDP_worker_serves_a_pyzmq_MDP_client_and_a_typed_client_through_the_typed_broker()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        using var worker = Python.Start("mdp_worker.py", broker.Endpoint, "echo", "--count", "4");

        using var client = Python.Start("mdp_client.py", broker.Endpoint, "echo", "hello", "--serializer", "raw", "--count", "2");
        Assert.Equal(["hello", "hello"], await client.ExitedAsync());

        // The worker echoes the whole body, the typed client's correlation tag with it.
        await using var typed = new PlainClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true, ServiceName = "echo" });
        var echoes = await Task.WhenAll(typed.Send("one"u8.ToArray()), typed.Send("two"u8.ToArray())).Bound();
        Assert.Equal(["one", "two"], echoes.Select(Encoding.UTF8.GetString));
        Assert.Equal("served 4 requests", (await worker.ExitedAsync()).Last());
    }

    [PythonFact]
    public async Task A_typed_client_calls_typed_servers_through_a_pyzmq_MDP_broker_with_many_calls_in_flight()
    {
        const int Calls = 50;
        using var broker = Python.Start("mdp_broker.py", Loopback.AnyPort);
        var endpoint = await broker.WaitForAsync("listening on");
        await using var first = new ShapesServer(new Shapes(), endpoint, new ZmqServerOptions { ViaBroker = true }).Started();
        await using var second = new ShapesServer(new Shapes(), endpoint, new ZmqServerOptions { ViaBroker = true }).Started();
        await using var client = new ShapesClient(endpoint, new ZmqClientOptions { ViaBroker = true });

        var sums = await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => client.Add(new Operands(i, 2)))).Bound();

        Assert.Equal(Enumerable.Range(2, Calls).Select(i => new Sum(i)), sums);
    }

    [PythonFact]
    public async Task Typed_publishers_reach_a_typed_subscriber_through_libzmqs_XSUB_XPUB_proxy_numbered_and_complete()
    {
        const int PerPublisher = 100;
        using var proxy = Python.Start("proxy.py", "tcp://127.0.0.1");
        var publishers = await proxy.WaitForAsync("publishers on");
        var subscribers = await proxy.WaitForAsync("subscribers on");
        await using var subscriber = new ZmqSubscriber(subscribers);
        var received = subscriber.Subscribe<Tick>().StartTaking(2 * PerPublisher);
        await using var north = new ZmqPublisher(publishers, new ZmqPublisherOptions { Connect = true });
        await using var south = new ZmqPublisher(publishers, new ZmqPublisherOptions { Connect = true });
        await north.WaitForSubscriberAsync<Tick>().Bound();
        await south.WaitForSubscriberAsync<Tick>().Bound();

        for (var sequence = 0; sequence < PerPublisher; sequence++)
        {
            await north.PublishAsync(new Tick(sequence)).Bound();
            await south.PublishAsync(new Tick(-1 - sequence)).Bound();
        }

        var ticks = await received.Bound();
        Assert.Equal(Enumerable.Range(0, PerPublisher).Select(sequence => (long)sequence), ticks.Select(tick => tick.Sequence).Where(sequence => sequence >= 0));
        Assert.Equal(PerPublisher, ticks.Count(tick => tick.Sequence < 0));
        Assert.Equal(0, subscriber.Statistics.Missed);
        Assert.Equal(0, subscriber.Statistics.Unnumbered);
    }
}
