using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace ZmqContracts;

/// <summary>
/// Turns a warning that can come once per message (a payload that cannot be read, at the rate a publisher sends; a request
/// a server refuses, at the rate its peers send) into at most one report per key (a topic, a refusal) and
/// <see cref="Interval"/>, each saying how many times it happened since the last.
/// The first occurrence of a key is reported at once, by its caller with its details; the next ones are counted, and
/// reported with their count by a sweep at the end of the interval; what is left, by <see cref="Close"/>.
/// Thread-safe.
/// </summary>
/// <remarks>
/// At most <see cref="MaxKeys"/> keys are followed, so that keys chosen by a peer (topics, operation names) cannot grow the memory.
/// While keys are followed, a timer sweeps them: it reports each count held back for an interval, and forgets the keys quiet
/// for an interval, so that a burst that stops still has its count reported, and room comes back. While <see cref="MaxKeys"/>
/// keys are followed, a new key's occurrences are counted under <see cref="OverflowKey"/>.
/// </remarks>
internal sealed class RepeatedWarnings
{
    public const int MaxKeys = 1_024;

    /// <summary>The key under which occurrences are counted while <see cref="MaxKeys"/> others are followed.</summary>
    public const string OverflowKey = "(others)";

    /// <summary>The interval subscribers and servers use: a flood costs a line per key every ten seconds.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly Action<string, long> _report;
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly ITimer _sweeper;
    private bool _sweepArmed;
    private bool _closed;

    /// <param name="interval">The least time between two reports of a key.</param>
    /// <param name="report">
    /// Reports occurrences that were counted and not yet reported, as the sweep and <see cref="Close"/> hand them over: the
    /// key they were counted under, and how many. Called outside the lock; from the sweep, on a timer thread.
    /// </param>
    /// <param name="time">The clock and the sweep's timer; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public RepeatedWarnings(TimeSpan interval, Action<string, long> report, TimeProvider? time = null)
    {
        Interval = interval;
        _report = report;
        _time = time ?? TimeProvider.System;
        _intervalTicks = (long)(interval.TotalSeconds * _time.TimestampFrequency);

        // The sweep reports in no caller's context: a logging scope or an activity current where the owner was made is not
        // the report's.
        var suppressing = !ExecutionContext.IsFlowSuppressed();
        if (suppressing)
        {
            ExecutionContext.SuppressFlow();
        }

        try
        {
            _sweeper = _time.CreateTimer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (suppressing)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    public TimeSpan Interval { get; }

    /// <summary>
    /// Counts one occurrence under <paramref name="key"/>; returns whether the caller is to report it now with its details:
    /// the first of its key, or any occurrence once closed. The next ones are reported with their count by the sweep, at
    /// most once per interval, and by <see cref="Close"/>.
    /// </summary>
    public bool IsFirst(string key) => IsFirst(key, out _);

    /// <inheritdoc cref="IsFirst(string)"/>
    /// <param name="key">The key to count the occurrence under.</param>
    /// <param name="countedAs">
    /// The key it was counted under, which a report names: <paramref name="key"/>, or <see cref="OverflowKey"/> when no
    /// room was left for it, whose count is then that of many keys.
    /// </param>
    public bool IsFirst(string key, out string countedAs)
    {
        countedAs = key;
        lock (_tallies)
        {
            if (_closed)
            {
                return true;
            }

            var now = _time.GetTimestamp();
            if (!_tallies.TryGetValue(key, out var tally))
            {
                countedAs = _tallies.Count < MaxKeys ? key : OverflowKey;
                if (!_tallies.TryGetValue(countedAs, out tally))
                {
                    _tallies[countedAs] = new Tally { LastReported = now, LastSeen = now };
                    ArmSweep(Interval);
                    return true;
                }
            }

            tally.LastSeen = now;
            tally.Unreported++;
            return false;
        }
    }

    /// <summary>Reports the occurrences not yet reported, and forgets every key; every later occurrence is reported at once.</summary>
    public void Close()
    {
        List<(string Key, long Count)> unreported;
        lock (_tallies)
        {
            _closed = true;
            unreported = _tallies.Where(entry => entry.Value.Unreported > 0).Select(entry => (entry.Key, entry.Value.Unreported)).ToList();
            _tallies.Clear();
        }

        _sweeper.Dispose();
        Report(unreported);
    }

    /// <summary>
    /// The timer's work: reports each count held back for an interval, forgets the keys quiet for an interval, and runs
    /// again when the next of either is due, while keys are followed.
    /// </summary>
    private void Sweep()
    {
        var due = new List<(string Key, long Count)>();
        lock (_tallies)
        {
            _sweepArmed = false;
            if (_closed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var next = long.MaxValue;
            foreach (var (key, tally) in _tallies.ToList())
            {
                if (tally.Unreported > 0 && now - tally.LastReported >= _intervalTicks)
                {
                    due.Add((key, tally.Unreported));
                    tally.Unreported = 0;
                    tally.LastReported = now;
                }

                if (tally.Unreported == 0 && now - tally.LastSeen >= _intervalTicks)
                {
                    _tallies.Remove(key);
                    continue;
                }

                next = Math.Min(next, (tally.Unreported > 0 ? tally.LastReported : tally.LastSeen) + _intervalTicks);
            }

            if (next != long.MaxValue)
            {
                ArmSweep(TimeSpan.FromSeconds((double)Math.Max(next - now, 1) / _time.TimestampFrequency));
            }
        }

        Report(due);
    }

    /// <summary>Under the lock: makes the sweep run after <paramref name="dueIn"/>, unless it is to run already.</summary>
    private void ArmSweep(TimeSpan dueIn)
    {
        if (!_sweepArmed)
        {
            _sweepArmed = true;
            _sweeper.Change(dueIn, Timeout.InfiniteTimeSpan);
        }
    }

    private void Report(List<(string Key, long Count)> unreported)
    {
        foreach (var (key, count) in unreported)
        {
            _report(key, count);
        }
    }

    private sealed class Tally
    {
        public long LastReported { get; set; }

        public long LastSeen { get; set; }

        public long Unreported { get; set; }
    }
}
