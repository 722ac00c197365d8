using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace ZmqContracts;

/// <summary>
/// Turns a warning that can come once per message (a payload that cannot be read, at the rate a publisher sends; a request
/// a server refuses, at the rate its peers send) into at most one report per key (a topic, a refusal) and
/// <see cref="Interval"/>, each saying how many times it happened since the last.
/// The first occurrence of a key is reported at once; the next ones are counted, and reported with the first occurrence
/// after the interval, by the sweep that the first occurrence of any key after the interval makes, or by <see cref="Close"/>.
/// Thread-safe.
/// </summary>
/// <remarks>
/// At most <see cref="MaxKeys"/> keys are followed, so that keys chosen by a peer (topics, operation names) cannot grow the memory.
/// At most once per interval, an occurrence sweeps the keys quiet for an interval: their counts not yet reported are handed to
/// the report, and the keys forgotten, so that no count is lost and room comes back. While <see cref="MaxKeys"/> keys are
/// followed, a new key's occurrences are counted under <see cref="OverflowKey"/>.
/// </remarks>
/// <param name="interval">The least time between two reports of a key.</param>
/// <param name="report">
/// Reports occurrences that were counted and not yet reported, as the sweep and <see cref="Close"/> hand them over: the key
/// they were counted under, and how many. Called outside the lock.
/// </param>
/// <param name="clock">The clock, in <see cref="Stopwatch"/> ticks; <see langword="null"/> for <see cref="Stopwatch.GetTimestamp"/>.</param>
internal sealed class RepeatedWarnings(TimeSpan interval, Action<string, long> report, Func<long>? clock = null)
{
    public const int MaxKeys = 1_024;

    /// <summary>The key under which occurrences are counted while <see cref="MaxKeys"/> others are followed.</summary>
    public const string OverflowKey = "(others)";

    /// <summary>The interval subscribers and servers use: a flood costs a line per key every ten seconds.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
    private readonly long _intervalTicks = (long)(interval.TotalSeconds * Stopwatch.Frequency);
    private readonly Func<long> _clock = clock ?? Stopwatch.GetTimestamp;
    private long _nextSweep;
    private bool _closed;

    public TimeSpan Interval { get; } = interval;

    /// <summary>
    /// Counts one occurrence under <paramref name="key"/>; returns how many occurrences to report now (this one and those
    /// not yet reported), or 0 when they wait for the end of the interval. Once closed, every occurrence is reported.
    /// </summary>
    public long Count(string key) => Count(key, out _);

    /// <inheritdoc cref="Count(string)"/>
    /// <param name="key">The key to count the occurrence under.</param>
    /// <param name="countedAs">
    /// The key it was counted under, which a report names: <paramref name="key"/>, or <see cref="OverflowKey"/> when no
    /// room was left for it, whose count is then that of many keys.
    /// </param>
    public long Count(string key, out string countedAs)
    {
        List<(string Key, long Count)>? swept = null;
        long count;
        lock (_tallies)
        {
            count = CountLocked(key, out countedAs, ref swept);
        }

        Report(swept);
        return count;
    }

    /// <summary>
    /// Counts one occurrence under <paramref name="key"/>; returns whether the caller is to log it with its details, the
    /// first of its kind. The next ones go to the report with their count, at most once per interval, and at the close.
    /// </summary>
    public bool IsFirst(string key)
    {
        switch (Count(key, out var countedAs))
        {
            case 1:
                return true;
            case > 1 and var count:
                report(countedAs, count);
                break;
        }

        return false;
    }

    /// <summary>Reports the occurrences not yet reported, and forgets every key; every later occurrence is reported at once.</summary>
    public void Close()
    {
        List<(string Key, long Count)> unreported;
        lock (_tallies)
        {
            _closed = true;
            unreported = Unreported(_tallies);
            _tallies.Clear();
        }

        Report(unreported);
    }

    private long CountLocked(string key, out string countedAs, ref List<(string Key, long Count)>? swept)
    {
        countedAs = key;
        if (_closed)
        {
            return 1;
        }

        var now = _clock();
        if (now >= _nextSweep)
        {
            _nextSweep = now + _intervalTicks;
            swept = Sweep(now, key);
        }

        if (!_tallies.TryGetValue(key, out var tally))
        {
            countedAs = _tallies.Count < MaxKeys ? key : OverflowKey;
            if (!_tallies.TryGetValue(countedAs, out tally))
            {
                _tallies[countedAs] = new Tally { LastReported = now, LastSeen = now };
                return 1;
            }
        }

        tally.LastSeen = now;
        tally.Unreported++;
        if (now - tally.LastReported < _intervalTicks)
        {
            return 0;
        }

        var count = tally.Unreported;
        tally.Unreported = 0;
        tally.LastReported = now;
        return count;
    }

    /// <summary>
    /// Under the lock: forgets the keys other than <paramref name="counting"/> that have not occurred for an interval;
    /// returns their counts not yet reported, which their interval allows reporting.
    /// </summary>
    private List<(string Key, long Count)> Sweep(long now, string counting)
    {
        var quiet = _tallies.Where(entry => entry.Key != counting && now - entry.Value.LastSeen >= _intervalTicks).ToList();
        foreach (var (key, _) in quiet)
        {
            _tallies.Remove(key);
        }

        return Unreported(quiet);
    }

    private static List<(string Key, long Count)> Unreported(IEnumerable<KeyValuePair<string, Tally>> tallies) =>
        tallies.Where(entry => entry.Value.Unreported > 0).Select(entry => (entry.Key, entry.Value.Unreported)).ToList();

    private void Report(List<(string Key, long Count)>? unreported)
    {
        foreach (var (key, count) in unreported ?? [])
        {
            report(key, count);
        }
    }

    private sealed class Tally
    {
        public long LastReported { get; set; }

        public long LastSeen { get; set; }

        public long Unreported { get; set; }
    }
}
