using System;

namespace ZmqContracts;

/// <summary>Options of a generated pipeline collector.</summary>
public sealed record ZmqCollectorOptions : ZmqSocketOptions
{
    /// <summary>
    /// How many received results may wait to be read. When that many wait, the collector stops taking results from
    /// the socket, and the workers' sends wait in turn (back-pressure, not loss). Default 10,000.
    /// </summary>
    public int MaxQueuedResults { get; init; } = 10_000;

    /// <summary>
    /// How many failures may wait to be read from <c>ReadFailuresAsync</c>. Past that the oldest unread failure is
    /// dropped (and logged), so that a program that never reads failures still gets its results; <c>FailureCount</c>
    /// counts them all. Default 10,000.
    /// </summary>
    public int MaxQueuedFailures { get; init; } = 10_000;

    internal override void Validate()
    {
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedResults);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedFailures);
    }
}
