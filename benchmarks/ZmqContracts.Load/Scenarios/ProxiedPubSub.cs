using System.Collections.Generic;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// What the XSUB/XPUB proxy costs publish/subscribe: one publisher, one subscriber, messages read per second. Baseline:
/// <see cref="ZmqPublisher"/> to <see cref="ZmqSubscriber"/> directly. Generated: the publisher connected to a
/// <see cref="ZmqPubSubProxy"/> and the subscriber to its other side.
/// </summary>
internal sealed class ProxiedPubSub : ILoadScenario
{
    public string Name => "publish/subscribe through the proxy (baseline: direct), 1 subscriber";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        return await Throughput.MeasureAsync("msg/s", duration => PubSubThroughput.RunAsync(publisher, subscriber, duration), settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var proxy = new ZmqPubSubProxy(Loopback.AnyPort, Loopback.AnyPort);
        await using var publisher = new ZmqPublisher(proxy.PublisherEndpoint, new ZmqPublisherOptions { Connect = true });
        await using var subscriber = new ZmqSubscriber(proxy.SubscriberEndpoint);
        return await Throughput.MeasureAsync("msg/s", duration => PubSubThroughput.RunAsync(publisher, subscriber, duration), settings);
    }
}
