using System.Collections.Generic;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// What the Majordomo broker costs a call: one caller, one call at a time, over TCP loopback. Baseline: the generated
/// client calling the generated server directly. Generated: the same client and server with <c>ViaBroker = true</c>,
/// through a <see cref="ZmqBroker"/>. A call then crosses two connections each way instead of one.
/// </summary>
internal sealed class BrokeredCalls : ILoadScenario
{
    public string Name => "request/reply through the broker (baseline: direct), 1 caller";

    // The goal: the broker costs one extra hop and no more, so at most twice the direct round trip.
    public IReadOnlyList<ITarget> Targets { get; } = [RatioToBaseline.NoMoreThan(Figures.P50, 2)];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        await using var server = new PricingServer(new Pricing(), Loopback.AnyPort);
        server.Start();
        await using var client = new PricingClient(server.Endpoint);
        return await OneAtATime.MeasureAsync(() => new ValueTask(client.Price(Pricing.SampleRequest)), settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort);
        broker.Start();
        await using var server = new PricingServer(new Pricing(), broker.Endpoint, new ZmqServerOptions { ViaBroker = true });
        server.Start();
        await using var client = new PricingClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true });
        return await OneAtATime.MeasureAsync(() => new ValueTask(client.Price(Pricing.SampleRequest)), settings);
    }
}
