using System.Collections.Generic;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>
/// A reference, not a goal: the hand-written pipeline of <see cref="PipelineThroughput"/> again, against the same code
/// sending acknowledged mode's frames (a 39-byte id frame after each item, sent on with its result) and nothing else: no
/// acknowledgements, no window, no duplicate table. NetMQ's cost is per frame (each send polls the socket's mailbox), so
/// this row's ratio is the floor under the acknowledged row's, whatever the typed layer does.
/// </summary>
internal sealed class AcknowledgedPipelineFloor : ILoadScenario
{
    private const int Workers = 2;

    public string Name => $"pipeline, {Workers} workers, acknowledged mode's frames, hand-written (reference)";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var pipeline = new HandWrittenPipeline(Workers);
        return await Throughput.MeasureAsync("items/s", pipeline.RunAsync, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        using var pipeline = new HandWrittenPipeline(Workers, idFrames: true);
        return await Throughput.MeasureAsync("items/s", pipeline.RunAsync, settings);
    }
}
