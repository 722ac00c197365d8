using System.Collections.Generic;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>
/// A reference, not a goal: the hand-written publish/subscribe of <see cref="PubSubThroughput"/> again, against the same
/// code sending the numbering's position frame after each message and reading its number, and nothing else. NetMQ's
/// cost is per frame (each send polls the socket's mailbox), so this row's ratio is the floor under the numbered row's,
/// whatever the typed layer does.
/// </summary>
internal sealed class NumberedPubSubFloor : ILoadScenario
{
    public string Name => "publish/subscribe, 1 subscriber, the numbering's frames, hand-written (reference)";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var pubSub = new HandWrittenPubSub();
        return await Throughput.MeasureAsync("msg/s", pubSub.RunAsync, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        using var pubSub = new HandWrittenPubSub(positionFrames: true);
        return await Throughput.MeasureAsync("msg/s", pubSub.RunAsync, settings);
    }
}
