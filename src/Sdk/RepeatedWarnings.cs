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
/// after the interval, or by <see cref="Close"/>. Thread-safe.
/// </summary>
/// <remarks>
/// At most <see cref="MaxKeys"/> keys are followed, so that keys chosen by a peer (topics, operation names) cannot grow the memory: past
/// that many, keys that have nothing left to report are forgotten, and while none is, a new key's occurrences are counted
/// under <see cref="OverflowKey"/>.
/// </remarks>
internal sealed class RepeatedWarnings(TimeSpan interval, Func<long>? clock = null)
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
        countedAs = key;
        lock (_tallies)
        {
            if (_closed)
            {
                return 1;
            }

            var now = _clock();
            if (!_tallies.TryGetValue(key, out var tally))
            {
                countedAs = Room(now, key);
                if (!_tallies.TryGetValue(countedAs, out tally))
                {
                    _tallies[countedAs] = new Tally { LastReported = now };
                    return 1;
                }
            }

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
    }

    /// <summary>The occurrences not yet reported, per key; every later occurrence is reported at once.</summary>
    public List<(string Key, long Count)> Close()
    {
        lock (_tallies)
        {
            _closed = true;
            var unreported = _tallies.Where(entry => entry.Value.Unreported > 0).Select(entry => (entry.Key, entry.Value.Unreported)).ToList();
            _tallies.Clear();
            return unreported;
        }
    }

    /// <summary>
    /// Under the lock: <paramref name="key"/> when there is room for it, after forgetting the keys that have nothing to
    /// report (at most once per interval, so that a flood of new keys does not sweep for each); otherwise <see cref="OverflowKey"/>.
    /// </summary>
    private string Room(long now, string key)
    {
        if (_tallies.Count < MaxKeys)
        {
            return key;
        }

        if (now < _nextSweep)
        {
            return OverflowKey;
        }

        _nextSweep = now + _intervalTicks;
        foreach (var (quiet, _) in _tallies.Where(entry => entry.Value.Unreported == 0 && now - entry.Value.LastReported >= _intervalTicks).ToList())
        {
            _tallies.Remove(quiet);
        }

        return _tallies.Count < MaxKeys ? key : OverflowKey;
    }

    private sealed class Tally
    {
        public long LastReported { get; set; }

        public long Unreported { get; set; }
    }
}
