using System;

namespace ZmqContracts;

/// <summary>Options of a generated request/reply client.</summary>
public sealed record ZmqClientOptions : ZmqSocketOptions
{
    /// <summary>
    /// How long a call waits for its reply before it fails with a <see cref="TimeoutException"/>. Default 30 seconds;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits for ever (the call's cancellation token still ends it).
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal override void Validate()
    {
        base.Validate();
        ThrowIfNotPositive(RequestTimeout, nameof(RequestTimeout));
    }
}
