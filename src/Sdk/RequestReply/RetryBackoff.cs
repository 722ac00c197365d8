using System;

namespace ZmqContracts.Runtime;

/// <summary>
/// The waits between a call's attempts: a backoff that doubles from <see cref="ZmqClientOptions.RetryBackoff"/> up to
/// <see cref="Max"/>, and, before each retry, a random wait between half of it and all of it ("equal jitter"). Clients
/// restarted together, whose calls time out together, then spread their retries over half a backoff instead of hitting
/// the server in lockstep, and none retries sooner than half the backoff.
/// </summary>
internal static class RetryBackoff
{
    /// <summary>How long the doubling backoff may grow.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    /// <summary>The wait before the next attempt: between half of <paramref name="backoff"/> and all of it, as <paramref name="random"/> draws.</summary>
    public static TimeSpan Jittered(TimeSpan backoff, Random random) =>
        TimeSpan.FromTicks(backoff.Ticks / 2 + (long)(backoff.Ticks / 2 * random.NextDouble()));

    /// <summary>
    /// The backoff after <paramref name="backoff"/>: twice as long, at most <see cref="Max"/>; a backoff configured above
    /// <see cref="Max"/> stays as it is rather than shrink.
    /// </summary>
    public static TimeSpan Doubled(TimeSpan backoff) => TimeSpan.FromTicks(Math.Max(backoff.Ticks, Math.Min(backoff.Ticks * 2, Max.Ticks)));
}
