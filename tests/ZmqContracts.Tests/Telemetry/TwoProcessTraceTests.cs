using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;
using static ZmqContracts.Tests.Telemetry.RequestReplySpanTests;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>
/// The trace crosses processes: this process's Client span is the parent of the Server span of a typed server in
/// tests/TopologyPeer, which records its spans with an ActivityListener of its own and prints their ids.
/// </summary>
[Collection(nameof(Tracing))]
public class TwoProcessTraceTests
{
    [Fact]
    public async Task A_call_to_a_server_in_another_process_is_the_parent_of_its_Server_span()
    {
        using var telemetry = new RecordedTelemetry();
        using var peer = new PythonPeer(Process.Start(Programs.Dotnet(Programs.TopologyPeer, "traced-server", Loopback.AnyPort, "direct"))!, "TopologyPeer");
        var endpoint = await peer.WaitForAsync("serving ");
        await using var client = new TopologyClient(endpoint);

        await CallAndCompareAsync(telemetry, peer, client);
    }

    [Fact]
    public async Task A_call_through_a_broker_to_a_worker_in_another_process_is_the_parent_of_its_Server_span()
    {
        using var telemetry = new RecordedTelemetry();
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        using var peer = new PythonPeer(Process.Start(Programs.Dotnet(Programs.TopologyPeer, "traced-server", broker.Endpoint, "broker"))!, "TopologyPeer");
        await peer.WaitForAsync("serving ");
        await using var client = new TopologyClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true });

        await CallAndCompareAsync(telemetry, peer, client);
    }

    private static async Task CallAndCompareAsync(RecordedTelemetry telemetry, PythonPeer peer, TopologyClient client)
    {
        Assert.Equal("traced", await client.Where(1).Bound());

        var served = (await peer.WaitForAsync("server span ")).Split(' ');
        var clientSpan = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "Topology/Where").Count == 1), "Topology/Where", ActivityKind.Client);
        Assert.Equal(clientSpan.TraceId.ToString(), served[0]);
        Assert.Equal(clientSpan.SpanId.ToString(), served[1]);
    }
}
