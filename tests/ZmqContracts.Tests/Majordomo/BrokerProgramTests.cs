using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.Majordomo;

/// <summary>src/Broker, the runnable broker and proxy, as README.md runs it: it serves typed peers, logs, and stops cleanly on SIGTERM.</summary>
public class BrokerProgramTests
{
    [Fact]
    public async Task The_broker_program_brokers_calls_and_proxies_messages_then_stops_cleanly_on_SIGTERM()
    {
        using var program = new PythonPeer(Process.Start(Programs.Dotnet(Programs.Broker, "--endpoint", Loopback.AnyPort, "--publishers", Loopback.AnyPort, "--subscribers", Loopback.AnyPort))!, "zmqc-broker");
        var endpoint = await program.WaitForAfterAsync("Majordomo broker (MDP/0.1) listening on");
        var proxy = (await program.WaitForAfterAsync("Publish/subscribe proxy: publishers connect to")).Split(", subscribers to ");

        await using (var server = new ShapesServer(new Shapes(), endpoint, new ZmqServerOptions { ViaBroker = true }).Started())
        await using (var client = new ShapesClient(endpoint, new ZmqClientOptions { ViaBroker = true }))
        {
            Assert.Equal("through the program", await client.Echo("through the program").Bound());
        }

        await using (var subscriber = new ZmqSubscriber(proxy[1]))
        await using (var publisher = new ZmqPublisher(proxy[0], new ZmqPublisherOptions { Connect = true }))
        {
            var received = subscriber.Subscribe<Tick>().StartTaking(1);
            await publisher.WaitForSubscriberAsync<Tick>().Bound();
            await publisher.PublishAsync(new Tick(42)).Bound();
            Assert.Equal(42, Assert.Single(await received.Bound()).Sequence);
        }

        using (var terminate = Process.Start("kill", ["-TERM", program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync().Bound();
        }

        var (exitCode, output) = await program.FinishedAsync();
        Assert.True(exitCode == 0, $"exit code {exitCode}: {program.Errors}");
        Assert.True(output.Any(line => line.Contains("Proxy stopped after forwarding 1 messages (0 dropped)")), string.Join("\n", output));
        Assert.True(output.Any(line => line.Contains("Stopped; every endpoint is closed")), string.Join("\n", output));
    }

    [Fact]
    public async Task The_broker_programs_proxy_heartbeat_reaches_the_proxys_options_which_refuse_an_interval_out_of_range()
    {
        using var program = new PythonPeer(Process.Start(Programs.Dotnet(
            Programs.Broker, "--endpoint", Loopback.AnyPort, "--publishers", Loopback.AnyPort, "--subscribers", Loopback.AnyPort, "--proxy-heartbeat", "00:00:00"))!, "zmqc-broker");

        var (exitCode, output) = await program.FinishedAsync();

        Assert.True(exitCode != 0, "a broker whose proxy was refused its options exited with 0");
        Assert.Contains("HeartbeatInterval", program.Errors + string.Join("\n", output), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broker_program_that_cannot_bind_exits_with_a_failure_that_names_the_endpoint()
    {
        using var taken = new NetMQ.Sockets.RouterSocket();
        taken.Bind(Loopback.AnyPort);
        var endpoint = taken.Options.LastEndpoint!;
        using var program = new PythonPeer(Process.Start(Programs.Dotnet(Programs.Broker, "--endpoint", endpoint))!, "zmqc-broker");

        var (exitCode, output) = await program.FinishedAsync();

        Assert.True(exitCode != 0, "a broker that never ran exited with 0");
        Assert.Contains(endpoint, program.Errors + string.Join("\n", output), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broker_program_refuses_an_inproc_endpoint_that_no_other_process_can_reach()
    {
        using var program = new PythonPeer(Process.Start(Programs.Dotnet(Programs.Broker, "--endpoint", "inproc://broker"))!, "zmqc-broker");

        var (exitCode, output) = await program.FinishedAsync();

        Assert.True(exitCode != 0, "a broker refused its endpoint exited with 0");
        Assert.Contains("Broker:Endpoint is inproc://broker, which only this process could reach", program.Errors + string.Join("\n", output), System.StringComparison.Ordinal);
    }
}
