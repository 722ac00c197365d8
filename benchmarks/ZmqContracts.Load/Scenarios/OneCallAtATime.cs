using System.Collections.Generic;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// Request/reply latency: one caller, one call at a time, over TCP loopback. Baseline: a hand-written REQ client
/// blocking on its own thread against a hand-written REP server. Generated: <c>await client.Price(…)</c> against the
/// generated server, with default options, or with <see cref="ZmqServerOptions.HandleOnSocketThread"/> when
/// <paramref name="handleOnSocketThread"/> is set.
/// </summary>
internal sealed class OneCallAtATime(bool handleOnSocketThread = false) : ILoadScenario
{
    public const string ScenarioName = "request/reply, 1 caller";

    public string Name => handleOnSocketThread ? $"{ScenarioName}, handlers on the socket thread" : ScenarioName;

    // The runtime-core issue's goals: the hand-written call's latency within a tenth, no slower than gRPC's in the same
    // run, and its allocations within a fifth.
    public IReadOnlyList<ITarget> Targets { get; } =
    [
        RatioToBaseline.NoMoreThan(Figures.P50, 1.1),
        new NoMoreThanRow(Figures.P50, GrpcUnaryReference.ScenarioName, "the gRPC p50"),
        RatioToBaseline.NoMoreThan(Figures.Allocated, 1.2),
    ];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var server = HandWrittenReplyServer.Rep(Loopback.AnyPort);
        return await MeasureHandWrittenAsync(server.Endpoint, settings);
    }

    /// <summary>Measures the hand-written REQ client calling <paramref name="endpoint"/> one call at a time.</summary>
    public static async Task<IReadOnlyList<Figure>> MeasureHandWrittenAsync(string endpoint, LoadSettings settings)
    {
        using var client = new HandWrittenRequestClient(endpoint);
        return await OneAtATime.MeasureAsync(() =>
        {
            client.Call(Pricing.SampleRequest);
            return ValueTask.CompletedTask;
        }, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var server = new PricingServer(new Pricing(), Loopback.AnyPort, new ZmqServerOptions { HandleOnSocketThread = handleOnSocketThread });
        server.Start();
        await using var client = new PricingClient(server.Endpoint);
        return await OneAtATime.MeasureAsync(() => new ValueTask(client.Price(Pricing.SampleRequest)), settings);
    }
}
