using System.Collections.Generic;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>
/// A reference, not a goal: the same one-at-a-time round trip with no typed layer at all (<see cref="AsyncFloorPair"/>),
/// against the hand-written blocking REQ/REP baseline of <see cref="OneCallAtATime"/>, measured again. The generated
/// rows' p50 over this row's generated p50 is what the typed layer costs; this row's ratio is what asynchrony costs.
/// </summary>
internal sealed class AsyncFloor : ILoadScenario
{
    private readonly OneCallAtATime _blockingBaseline = new();

    public string Name => "request/reply, 1 caller, async floor: raw bytes on the runtime's socket loop (reference)";

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings) => _blockingBaseline.RunBaselineAsync(settings);

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        using var pair = new AsyncFloorPair();

        // The size of the sample request in MessagePack: the typed rows send as many bytes.
        var payload = new byte[30];
        return await OneAtATime.MeasureAsync(() => new ValueTask(pair.CallAsync(payload)), settings);
    }
}
