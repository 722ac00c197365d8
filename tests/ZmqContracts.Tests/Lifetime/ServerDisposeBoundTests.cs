using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using ZmqContracts.Tests.Hosting;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>
/// A server's dispose, direct or through a broker, with a handler that ignores its token: the longest it can take,
/// which docs/guide.md ("Shutting down") and the server's XML docs state as the drain timeout plus 1.2 s, with the
/// socket's close and the machine's scheduling on top.
/// </summary>
public sealed class ServerDisposeBoundTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(300);

    /// <summary>The second the handlers get once cancelled, and the 200 ms NetMQ gets to write the last replies out.</summary>
    private static readonly TimeSpan Documented = Drain + TimeSpan.FromSeconds(1.2);

    /// <summary>The socket's close and the scheduling of a loaded 2-core machine, as ShutdownTests allows.</summary>
    private static readonly TimeSpan Scheduling = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_with_a_handler_that_ignores_its_token_disposes_within_its_documented_bound(bool viaBroker)
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort);
        broker.Start();
        var gate = new StubbornGate();
        var server = new StubbornServer(new Stubborn(gate), viaBroker ? broker.Endpoint : Loopback.AnyPort, new ZmqServerOptions { ViaBroker = viaBroker, DrainTimeout = Drain });
        server.Start();
        await using var client = new StubbornClient(viaBroker ? broker.Endpoint : server.Endpoint, new ZmqClientOptions { ViaBroker = viaBroker });
        var call = client.Hang();
        await gate.Entered.Task.Bound();

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync().AsTask().Bound();
        clock.Stop();
        gate.Gate.SetResult();

        output.WriteLine($"{(viaBroker ? "server via a broker" : "server")}: disposed in {clock.Elapsed.TotalMilliseconds:0} ms, {(clock.Elapsed - Documented).TotalMilliseconds:0} ms past DrainTimeout + 1.2 s");
        Assert.True(clock.Elapsed <= Documented + Scheduling, $"the dispose took {clock.Elapsed.TotalMilliseconds:0} ms; its bound is {Documented.TotalMilliseconds:0} ms and the close");
        if (!viaBroker)
        {
            // Through a broker the reply to a call given up on goes to the broker, which a DISCONNECT follows.
            Assert.Equal(ZmqErrorCode.Interrupted, (await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound())).Code);
        }
    }
}
