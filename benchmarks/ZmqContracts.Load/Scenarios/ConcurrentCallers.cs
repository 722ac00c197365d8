using System.Collections.Generic;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// Request/reply throughput: 64 callers sharing one client, over TCP loopback. Baseline: a hand-written DEALER
/// keeping 64 requests in flight against a hand-written ROUTER server (see <see cref="WindowedDealerClient"/>).
/// Generated: 64 tasks awaiting <c>client.Price(…)</c> in a loop on one generated client, against the generated server.
/// </summary>
internal sealed class ConcurrentCallers : ILoadScenario
{
    private const int Callers = 64;

    public string Name => $"request/reply, {Callers} callers on one client";

    // The goal: concurrency must pay, so many callers must beat one caller's rate several times over.
    public IReadOnlyList<ITarget> Targets { get; } =
    [
        new MultipleOfRow(Figures.Throughput, 5, OneCallAtATime.ScenarioName, Figures.Throughput, "the generated 1-caller rate"),
    ];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var server = HandWrittenReplyServer.Router(Loopback.AnyPort);
        using var client = new WindowedDealerClient(server.Endpoint, Callers);
        return await Throughput.MeasureAsync("calls/s", duration => Task.FromResult(client.Run(duration)), settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var server = new PricingServer(new Pricing(), Loopback.AnyPort);
        server.Start();
        await using var client = new PricingClient(server.Endpoint);
        return await Throughput.MeasureAsync(
            "calls/s",
            duration => Throughput.ConcurrentCallersAsync(Callers, () => new ValueTask(client.Price(Pricing.SampleRequest)), duration),
            settings);
    }
}
