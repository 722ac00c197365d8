using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;

namespace ZmqContracts.Tests.Topology;

/// <summary>
/// Several hosts, not just several processes: a broker host, two worker hosts and a client host, each a network
/// namespace with a link of its own, running zmqc-broker and tests/TopologyPeer.
/// </summary>
public class TopologyTests
{
    private const int Calls = 400;

    [NamespacesFact]
    public async Task When_a_worker_hosts_link_goes_down_every_idempotent_call_completes_and_the_client_sees_the_loss_only_as_latency()
    {
        using var hosts = new NetworkNamespaces();
        var broker = $"tcp://{hosts.AddHost("b")}:5555";
        hosts.AddHost("w1");
        hosts.AddHost("w2");
        hosts.AddHost("c");

        using var brokerProgram = Start(hosts, "b", Programs.Dotnet(Programs.Broker, "--endpoint", broker, "--heartbeat", "00:00:00.250"), "zmqc-broker");
        await brokerProgram.WaitForAfterAsync("listening on");
        using var first = Start(hosts, "w1", Programs.Dotnet(Programs.TopologyPeer, "worker", broker, "w1"), "worker w1");
        using var second = Start(hosts, "w2", Programs.Dotnet(Programs.TopologyPeer, "worker", broker, "w2"), "worker w2");
        await first.WaitForAsync("worker w1 started");
        await second.WaitForAsync("worker w2 started");

        using var client = Start(hosts, "c", Programs.Dotnet(Programs.TopologyPeer, "client", broker, Calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "4"), "client");
        var served = new List<(int Call, string Worker, double Milliseconds)>();
        var cutAfter = -1;
        string line;
        while (!(line = await client.ReadLineAsync()).StartsWith("completed", StringComparison.Ordinal))
        {
            var call = Regex.Match(line, @"^call (\d+) served by (\w+) in (\d+) ms$");
            Assert.True(call.Success, $"unexpected output: {line}");
            served.Add((int.Parse(call.Groups[1].Value), call.Groups[2].Value, double.Parse(call.Groups[3].Value)));
            Assert.True(served.Count <= Calls, "more answers than calls");

            // Once both workers have served calls, the first worker's host loses its link.
            if (cutAfter < 0 && served.Count >= 40 && served.Any(s => s.Worker == "w1") && served.Any(s => s.Worker == "w2"))
            {
                hosts.CutLink("w1");
                cutAfter = served.Count;
            }
        }

        Assert.Equal($"completed {Calls} calls", line);
        Assert.Empty(await client.ExitedAsync());
        Assert.True(cutAfter > 0, "both workers never served calls before the end");
        Assert.Equal(Enumerable.Range(1, Calls), served.Select(s => s.Call).Order());

        // The client's output runs a little ahead of what the test has read when it cuts the link, so the calls w1 still
        // answered just before the cut are among those read after it; the last quarter came well after it.
        Assert.All(served.Skip(Calls * 3 / 4), s => Assert.Equal("w2", s.Worker));

        // A call w1 had at the cut is answered worker-lost once the broker has heard nothing from w1 for a liveness
        // period (750 ms from w1's last heartbeat, so at least 500 ms after the cut), then sent again: that is its latency.
        Assert.Contains(served.Skip(cutAfter), s => s.Milliseconds >= 500);
    }

    private static PythonPeer Start(NetworkNamespaces hosts, string host, ProcessStartInfo program, string name) =>
        new(Process.Start(hosts.InHost(host, program))!, name);
}
