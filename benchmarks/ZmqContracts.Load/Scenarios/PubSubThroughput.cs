using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// Publish/subscribe throughput, one publisher and one subscriber over TCP loopback, counted where it matters: messages
/// the subscriber reads and deserializes per second. Baseline: <see cref="HandWrittenPubSub"/>. Generated:
/// <c>ZmqPublisher.PublishAsync</c> in a loop and <c>ZmqSubscriber.Subscribe&lt;Tick&gt;</c>, in the default Drop mode,
/// with every message numbered in its topic (the position frame, the default) and the numbers checked by the subscriber,
/// or with <see cref="ZmqPublisherOptions.NumberMessages"/> off, which sends the same two frames as the baseline. With
/// <paramref name="wait"/>, the publisher is in <see cref="SlowSubscriberMode.Wait"/> mode, numbered, and the baseline's
/// high-water marks are unbounded, so that neither side loses a message.
/// </summary>
internal sealed class PubSubThroughput(bool numbered, bool wait = false) : ILoadScenario
{
    public string Name => wait ? "publish/subscribe, 1 subscriber, Wait mode (baseline: unbounded high-water marks)"
        : numbered ? "publish/subscribe, 1 subscriber" : "publish/subscribe, 1 subscriber, numbering off";

    // The goal: typed topics cost next to nothing over the hand-written frames.
    public IReadOnlyList<ITarget> Targets { get; } = [RatioToBaseline.NoLessThan(Figures.Throughput, 0.9)];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var pubSub = new HandWrittenPubSub(highWatermark: wait ? 0 : 10_000);
        return await Throughput.MeasureAsync("msg/s", pubSub.RunAsync, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { NumberMessages = numbered, SlowSubscribers = wait ? SlowSubscriberMode.Wait : SlowSubscriberMode.Drop });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        return await Throughput.MeasureAsync("msg/s", duration => RunAsync(publisher, subscriber, duration), settings);
    }

    /// <summary>Publishes for <paramref name="duration"/> once the subscriber is there, and returns how many messages it read.</summary>
    public static async Task<long> RunAsync(ZmqPublisher publisher, ZmqSubscriber subscriber, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource();
        var receiving = Task.Run(() => Throughput.CountUntilCancelledAsync(subscriber.Subscribe<Tick>(stop.Token)));
        await publisher.WaitForSubscriberAsync<Tick>();
        stop.CancelAfter(duration);
        while (!stop.IsCancellationRequested)
        {
            await publisher.PublishAsync(Scoring.SampleTick);
        }

        return await receiving;
    }
}
