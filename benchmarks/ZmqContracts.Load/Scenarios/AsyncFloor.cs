using System.Collections.Generic;
using System.Threading.Tasks;
using MessagePack;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// A reference, not a goal: the same one-at-a-time round trip with no typed layer at all (<see cref="AsyncFloorPair"/>),
/// against the hand-written blocking REQ/REP baseline of <see cref="OneCallAtATime"/>, measured again. With one frame,
/// this row's ratio is what asynchrony costs; with <paramref name="protocolFrames"/>, the frames of docs/protocol.md and
/// the sample's payloads, it is the floor under the generated rows on this wire, and their figures over this row's
/// generated ones are what the typed layer itself costs.
/// </summary>
internal sealed class AsyncFloor(bool protocolFrames = false) : ILoadScenario
{
    private readonly OneCallAtATime _blockingBaseline = new();

    public string Name => protocolFrames
        ? "request/reply, 1 caller, async floor with protocol v1's frames: raw bytes on the runtime's socket loop (reference)"
        : "request/reply, 1 caller, async floor: raw bytes on the runtime's socket loop (reference)";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings) => _blockingBaseline.RunBaselineAsync(settings);

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        // The sample's request and reply in MessagePack: the typed rows send as many bytes.
        using var pair = protocolFrames
            ? AsyncFloorPair.ProtocolV1(
                MessagePackSerializer.Serialize(Pricing.SampleRequest, HandWrittenCodec.Options),
                MessagePackSerializer.Serialize(Pricing.Quote(Pricing.SampleRequest), HandWrittenCodec.Options))
            : AsyncFloorPair.OneFrame(new byte[30]);
        return await OneAtATime.MeasureAsync(() => new ValueTask(pair.CallAsync()), settings);
    }
}
