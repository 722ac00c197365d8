using System.Collections.Generic;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// Request/reply throughput: 64 callers sharing one client, over TCP loopback. Baseline: a hand-written DEALER
/// keeping 64 requests in flight against a hand-written ROUTER server (see <see cref="WindowedDealerClient"/>).
/// Generated: 64 tasks awaiting <c>client.Price(…)</c> in a loop on one generated client, against the generated server,
/// with default options, or with <see cref="ZmqServerOptions.HandleOnSocketThread"/> when
/// <paramref name="handleOnSocketThread"/> is set (a reference, not a goal).
/// </summary>
internal sealed class ConcurrentCallers(bool handleOnSocketThread = false) : ILoadScenario
{
    /// <summary>How many callers share the client.</summary>
    public const int Callers = 64;

    public string Name => handleOnSocketThread
        ? $"request/reply, {Callers} callers on one client, handlers on the socket thread (reference)"
        : $"request/reply, {Callers} callers on one client";

    // The runtime-core issue's goal: as many calls as the hand-written windowed DEALER, within a tenth.
    public IReadOnlyList<ITarget> Targets { get; } = handleOnSocketThread ? [] : [RatioToBaseline.NoLessThan(Figures.Throughput, 0.9)];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var server = HandWrittenReplyServer.Router(Loopback.AnyPort);
        using var client = new WindowedDealerClient(server.Endpoint, Callers);
        return await Throughput.MeasureAsync("calls/s", duration => Task.FromResult(client.Run(duration)), settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var server = new PricingServer(new Pricing(), Loopback.AnyPort, new ZmqServerOptions { HandleOnSocketThread = handleOnSocketThread });
        server.Start();
        await using var client = new PricingClient(server.Endpoint);
        return await Throughput.MeasureAsync(
            "calls/s",
            duration => Throughput.ConcurrentCallersAsync(Callers, () => new ValueTask(client.Price(Pricing.SampleRequest)), duration),
            settings);
    }
}
