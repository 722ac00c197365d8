using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>Counts how many operations complete in a fixed time, after a warm-up.</summary>
internal static class Throughput
{
    /// <summary>Warms up with <paramref name="run"/>, then measures it: operations per second in <paramref name="unit"/>, and the process's costs per operation.</summary>
    /// <param name="unit">What an operation is, per second: <c>calls/s</c>, <c>msg/s</c>, <c>items/s</c>.</param>
    /// <param name="run">Runs for about the given time and returns how many operations completed, including any still in flight at the deadline.</param>
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(string unit, Func<TimeSpan, Task<long>> run, LoadSettings settings)
    {
        await run(settings.Warmup);

        var before = ProcessCounters.Capture();
        var started = Stopwatch.GetTimestamp();
        var completed = await run(settings.Duration);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = ProcessCounters.Capture();
        return [new Figure(Figures.Throughput, unit, completed / elapsed.TotalSeconds), .. after.PerOperationSince(before, completed)];
    }

    /// <summary><paramref name="callers"/> tasks, each calling again as soon as its call completes, until <paramref name="duration"/> is up.</summary>
    public static async Task<long> ConcurrentCallersAsync(int callers, Func<ValueTask> call, TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long completed = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await call();
                Interlocked.Increment(ref completed);
            }
        })));
        return completed;
    }

    /// <summary>How many items <paramref name="stream"/> yields before the token it was given ends it.</summary>
    public static async Task<long> CountUntilCancelledAsync<T>(IAsyncEnumerable<T> stream)
    {
        long count = 0;
        try
        {
            await foreach (var _ in stream)
            {
                count++;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return count;
    }
}
