using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace ZmqContracts.Load;

/// <summary>
/// What the whole process (clients, servers, every thread) has spent so far beside time: processor time, bytes
/// allocated, thread-pool work items run, and context switches. Their growth over a run, per operation, shows where a
/// slower run loses its time: processor time per operation moves far less than a rate when other processes share the
/// cores, and allocations and hand-offs between threads tell what it went on. Also how many threads the process runs,
/// besides the thread pool's: the scenario's own, and NetMQ's.
/// </summary>
internal readonly record struct ProcessCounters(TimeSpan ProcessorTime, long AllocatedBytes, long ThreadPoolWorkItems, long? ContextSwitches, int Threads)
{
    public static ProcessCounters Capture()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true), ThreadPool.CompletedWorkItemCount, ContextSwitchesOfLiveThreads(), process.Threads.Count - ThreadPool.ThreadCount);
    }

    /// <summary>The growth since <paramref name="before"/>, per operation.</summary>
    public IEnumerable<Figure> PerOperationSince(ProcessCounters before, long operations)
    {
        yield return new Figure("processor time/op", "µs", (ProcessorTime - before.ProcessorTime).TotalMicroseconds / operations);
        yield return new Figure(Figures.Allocated, "B", (double)(AllocatedBytes - before.AllocatedBytes) / operations);
        yield return new Figure("thread-pool work items/op", "", (double)(ThreadPoolWorkItems - before.ThreadPoolWorkItems) / operations);
        if (ContextSwitches is { } after && before.ContextSwitches is { } start)
        {
            yield return new Figure("context switches/op", "", (double)(after - start) / operations);
        }

        yield return new Figure("threads besides the thread pool's, at the end", "", Threads);
    }

    /// <summary>
    /// Voluntary and involuntary switches summed over the threads alive now, from Linux's /proc; <see langword="null"/>
    /// elsewhere. The scenarios' own threads live through a whole run, so the difference over a run is theirs.
    /// </summary>
    private static long? ContextSwitchesOfLiveThreads()
    {
        const string Tasks = "/proc/self/task";
        if (!Directory.Exists(Tasks))
        {
            return null;
        }

        long switches = 0;
        foreach (var task in Directory.EnumerateDirectories(Tasks))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.Contains("ctxt_switches:", StringComparison.Ordinal))
                    {
                        switches += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim());
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended while being read: its switches are lost either way.
            }
        }

        return switches;
    }
}
