using System.Threading.Tasks;
using ZmqContracts;

namespace ZmqContracts.Benchmarks.Shared;

/// <summary>
/// What the publish/subscribe and pipeline measurements send: a small market tick (about 20 bytes of MessagePack),
/// published under one topic, and scored by pipeline workers, so that framing and hand-offs dominate.
/// </summary>
[Topic("ticks")]
public sealed partial record Tick(long Sequence, double Price);

public sealed record TickScore(long Sequence, double Score);

/// <summary>The pipeline stage both the generated workers and the hand-written workers run.</summary>
[Pipeline]
public interface IScoring
{
    ValueTask<TickScore> Rate(Tick tick);
}

public sealed class Scoring : IScoring
{
    public static Tick SampleTick { get; } = new(1, 12.5);

    public static TickScore Score(Tick tick) => new(tick.Sequence, tick.Price * 2);

    public ValueTask<TickScore> Rate(Tick tick) => ValueTask.FromResult(Score(tick));
}
