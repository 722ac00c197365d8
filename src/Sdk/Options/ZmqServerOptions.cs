using System;

namespace ZmqContracts;

/// <summary>Options of a generated request/reply server.</summary>
public sealed record ZmqServerOptions : ZmqSocketOptions
{
    /// <summary>How many requests the implementation handles at once. Default: four per processor, at least 8.</summary>
    public int MaxConcurrency { get; init; } = Math.Max(8, Environment.ProcessorCount * 4);

    /// <summary>
    /// How many received requests may wait for a free handler. A request that finds the queue full gets an
    /// <see cref="ZmqErrorCode.Unavailable"/> error reply at once instead of being dropped. Default 10,000.
    /// </summary>
    public int MaxQueuedRequests { get; init; } = 10_000;

    /// <summary>
    /// How long disposing the server waits for requests already received to be answered. When it runs out, the
    /// cancellation token passed to the handlers is cancelled, requests not yet started get an
    /// <see cref="ZmqErrorCode.Unavailable"/> reply, and replies still to come are dropped. Default 5 seconds.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the socket keeps trying to deliver the last replies once the server is closed. Default 1 second.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(1);

    internal override void Validate()
    {
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedRequests);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DrainTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(Linger, TimeSpan.Zero);
    }
}
