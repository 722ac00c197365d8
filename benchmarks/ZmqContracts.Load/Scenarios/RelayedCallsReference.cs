using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// What one more hop costs NetMQ itself, with no typed layer: the reference for the broker's row. Baseline: the
/// hand-written REQ client calling the hand-written REP server directly. Generated column: the same client and server
/// through a hand-written relay, NetMQ's own <see cref="Proxy"/> between a ROUTER the client connects to and a DEALER
/// connected to the server, on a thread of its own. A call then crosses two connections each way instead of one, as a
/// brokered call does.
/// </summary>
internal sealed class RelayedCallsReference : ILoadScenario
{
    public string Name => "request/reply through a hand-written relay (reference; baseline: hand-written direct), 1 caller";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var server = HandWrittenReplyServer.Rep(Loopback.AnyPort);
        return await OneCallAtATime.MeasureHandWrittenAsync(server.Endpoint, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        using var server = HandWrittenReplyServer.Rep(Loopback.AnyPort);
        using var frontend = new RouterSocket();
        frontend.Bind(Loopback.AnyPort);
        using var backend = new DealerSocket();
        backend.Connect(server.Endpoint);
        var proxy = new Proxy(frontend, backend);
        var relay = new Thread(proxy.Start) { IsBackground = true, Name = "hand-written relay" };
        relay.Start();
        try
        {
            return await OneCallAtATime.MeasureHandWrittenAsync(frontend.Options.LastEndpoint!, settings);
        }
        finally
        {
            proxy.Stop();
            relay.Join();
        }
    }
}
