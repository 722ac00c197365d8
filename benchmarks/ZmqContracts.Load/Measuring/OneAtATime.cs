using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>Calls over and over, never two at once, and times every round trip.</summary>
internal static class OneAtATime
{
    // Bounds the measured loop, whatever the duration: at most this many round trips are timed.
    private const int MaxSamples = 2_000_000;

    /// <summary>Warms up, then measures: p50 and p99 round trip, calls per second, and the process's costs per call.</summary>
    /// <param name="call">One round trip. A synchronous baseline returns a completed <see cref="ValueTask"/>, which costs it nothing.</param>
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(Func<ValueTask> call, LoadSettings settings)
    {
        var samples = new long[MaxSamples];
        await RepeatAsync(call, settings.Warmup, samples);

        var before = ProcessCounters.Capture();
        var started = Stopwatch.GetTimestamp();
        var calls = await RepeatAsync(call, settings.Duration, samples);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = ProcessCounters.Capture();

        Array.Sort(samples, 0, calls);
        Figure[] latency =
        [
            new(Figures.P50, "µs", Microseconds(samples[(int)(calls * 0.50)])),
            new(Figures.P99, "µs", Microseconds(samples[(int)(calls * 0.99)])),
            new(Figures.Throughput, "calls/s", calls / elapsed.TotalSeconds),
        ];
        return [.. latency.Concat(after.PerOperationSince(before, calls))];
    }

    private static async Task<int> RepeatAsync(Func<ValueTask> call, TimeSpan duration, long[] samples)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var calls = 0;
        var now = Stopwatch.GetTimestamp();
        while (now < deadline && calls < samples.Length)
        {
            await call();
            var finished = Stopwatch.GetTimestamp();
            samples[calls++] = finished - now;
            now = finished;
        }

        return calls;
    }

    private static double Microseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
