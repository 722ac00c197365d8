using System.Collections.Generic;
using System.Threading.Tasks;
using MessagePack;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// A reference, not a goal: the 64 callers of <see cref="ConcurrentCallers"/> with no typed layer at all
/// (<see cref="AsyncFloorPair"/> in protocol v1's frames, each call matched to its reply by its correlation id, the
/// server answering inside its read), against the same hand-written windowed DEALER. Its ratio is what the runtime's
/// socket loops cost many callers on this wire; the generated row's figures over this row's are the typed layer's.
/// </summary>
internal sealed class ConcurrentFloor : ILoadScenario
{
    private readonly ConcurrentCallers _baseline = new();

    public string Name => $"request/reply, {ConcurrentCallers.Callers} callers, async floor with protocol v1's frames: raw bytes on the runtime's socket loop (reference)";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings) => _baseline.RunBaselineAsync(settings);

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        using var pair = AsyncFloorPair.ProtocolV1(
            MessagePackSerializer.Serialize(Pricing.SampleRequest, HandWrittenCodec.Options),
            MessagePackSerializer.Serialize(Pricing.Quote(Pricing.SampleRequest), HandWrittenCodec.Options));
        return await Throughput.MeasureAsync(
            "calls/s",
            duration => Throughput.ConcurrentCallersAsync(ConcurrentCallers.Callers, () => new ValueTask(pair.CallAsync()), duration),
            settings);
    }
}
