using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>
/// <c>NetMQConfig.Cleanup()</c> ends NetMQ for the whole process, and <c>NetMQConfig.MaxSockets</c> limits the sockets of
/// the whole process, so each of these runs in a process of its own (tests/TopologyPeer), never in this one, where it
/// would end every other test's sockets, or leave them no room.
/// </summary>
public class NetMQCleanupTests
{
    [Fact]
    public async Task A_call_in_flight_when_NetMQ_is_cleaned_up_times_out_and_the_process_lives_on()
    {
        using var peer = Start("cleanup-under", "call");

        Assert.Equal(nameof(System.TimeoutException), await peer.WaitForAsync("call ended "));
        await peer.ExitedAsync();
    }

    [Fact]
    public async Task A_server_through_a_broker_when_NetMQ_is_cleaned_up_logs_that_its_link_ended_and_the_process_lives_on()
    {
        using var peer = Start("cleanup-under", "worker");

        await peer.WaitForAsync("worker link ended");
        await peer.ExitedAsync();
    }

    [Fact]
    public async Task Every_kind_of_endpoint_disposes_without_throwing_after_NetMQ_was_cleaned_up_under_it()
    {
        using var peer = Start("cleanup-then-dispose", Loopback.FreeEndpoint());

        Assert.Equal(
            [
                "disposed TopologyClient", "disposed TopologyClient", "disposed ZmqSubscriber", "disposed StageProducer",
                "disposed StageCollector", "disposed ZmqPublisher", "disposed TopologyServer", "disposed TopologyServer",
                "disposed StageWorker", "disposed ZmqBroker", "disposed ZmqPubSubProxy", "disposed ZmqPipelineRelay",
            ],
            await peer.ExitedAsync());
    }

    [Fact]
    public async Task A_server_disposed_while_NetMQ_has_no_room_for_another_socket_returns_and_frees_its_port()
    {
        using var peer = Start("socket-limit-dispose");

        Assert.Equal(["disposed", "disposed", "port free"], await peer.ExitedAsync());
    }

    [Fact]
    public async Task An_endpoint_that_NetMQ_has_too_few_sockets_for_throws_a_ZmqException_naming_the_limit_and_leaves_none_of_its_sockets_open()
    {
        using var peer = Start("socket-limit-constructors", Loopback.FreeEndpoint());

        var output = await peer.ExitedAsync();

        Assert.Equal(
            [
                "client with room for 0: ZmqException, 0 left open", "client with room for 1: ZmqException, 0 left open",
                "client with room for 2: ZmqException, 0 left open", "worker with room for 1: ZmqException, 0 left open",
                "proxy with room for 1: ZmqException, 0 left open", "relay with room for 1: ZmqException, 0 left open",
                "producer with room for 1: ZmqException, 0 left open", "collector with room for 1: ZmqException, 0 left open",
            ],
            output.SkipLast(1));
        Assert.StartsWith("message The TopologyClient cannot make its socket: NetMQ's limit of open sockets in this process (NetMQConfig.MaxSockets", output[^1]);
    }

    private static PythonPeer Start(params string[] arguments) =>
        new(Process.Start(Programs.Dotnet(Programs.TopologyPeer, arguments))!, "TopologyPeer " + string.Join(' ', arguments));
}
