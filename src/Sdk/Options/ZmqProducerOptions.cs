using System;

namespace ZmqContracts;

/// <summary>Options of a generated pipeline producer, and of a <see cref="ZmqPipelineRelay"/>.</summary>
/// <remarks>
/// A producer holds at most <see cref="ZmqSocketOptions.SendHighWatermark"/> items of its own waiting for the socket,
/// and ZeroMQ at most that many per connected worker; a send past that waits for room (back-pressure, not loss).
/// </remarks>
public sealed record ZmqProducerOptions : ZmqSocketOptions
{
    /// <summary>How long the socket keeps trying to deliver the items it took once it is closed. Default 5 seconds.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(5);

    internal override void Validate()
    {
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SendHighWatermark);
        ArgumentOutOfRangeException.ThrowIfLessThan(Linger, TimeSpan.Zero);
    }
}
