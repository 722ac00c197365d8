using System.Collections.Generic;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>
/// A reference, not a goal: the Wait-mode row's baseline (the hand-written publish/subscribe of
/// <see cref="PubSubThroughput"/> with unbounded high-water marks) against the same code doing what
/// <see cref="SlowSubscriberMode.Wait"/> does, with the same frames and window: position frames, a marker every half
/// window, the subscriber's acknowledgement, and the publisher waiting while a window is on its way. Nothing else: no
/// typed layer. This row's ratio is the floor under the Wait-mode row's: what the flow control costs hand-written code.
/// </summary>
internal sealed class WaitModePubSubFloor : ILoadScenario
{
    public string Name => "publish/subscribe, 1 subscriber, Wait mode's flow control, hand-written (reference)";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var pubSub = new HandWrittenPubSub(highWatermark: 0);
        return await Throughput.MeasureAsync("msg/s", pubSub.RunAsync, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        using var pubSub = new HandWrittenPubSub(positionFrames: true, highWatermark: 0, waitWindow: new ZmqPublisherOptions().WaitWindow);
        return await Throughput.MeasureAsync("msg/s", pubSub.RunAsync, settings);
    }
}
