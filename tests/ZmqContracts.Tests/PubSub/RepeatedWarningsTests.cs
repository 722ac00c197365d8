using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Xunit;

namespace ZmqContracts.Tests.PubSub;

/// <summary>How a repeated warning is turned into one report per key and interval, on a clock the test turns.</summary>
public class RepeatedWarningsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly List<(string Key, long Count)> _reported = [];

    private long _now = 1_000;

    [Fact]
    public void The_first_occurrence_is_reported_at_once_and_the_next_ones_with_the_first_after_the_interval()
    {
        var warnings = NewWarnings();

        Assert.Equal(1, warnings.Count("a"));
        Assert.Equal([0, 0, 0], Enumerable.Range(0, 3).Select(_ => warnings.Count("a")));
        Assert.Equal(1, warnings.Count("b"));
        Assert.Equal(0, warnings.Count("b"));
        Turn(Interval - TimeSpan.FromTicks(1));
        Assert.Equal(0, warnings.Count("a"));
        Assert.Equal(0, warnings.Count("b"));
        Turn(TimeSpan.FromTicks(1));
        Assert.Equal(5, warnings.Count("a"));
        Assert.Equal(0, warnings.Count("a"));
        Assert.Equal(3, warnings.Count("b"));
        Assert.Empty(_reported);
    }

    [Fact]
    public void A_key_quiet_for_an_interval_has_its_count_reported_by_the_next_occurrence_of_any_key()
    {
        var warnings = NewWarnings();
        warnings.Count("a");
        warnings.Count("a");
        warnings.Count("b");
        Turn(Interval);

        Assert.Equal(1, warnings.Count("b"));

        Assert.Equal([("a", 1L)], _reported);
        Assert.Equal(1, warnings.Count("a"));
    }

    [Fact]
    public void Closing_reports_what_was_not_reported_and_every_later_occurrence_is_reported_at_once()
    {
        var warnings = NewWarnings();
        warnings.Count("a");
        warnings.Count("a");
        warnings.Count("a");
        warnings.Count("b");

        warnings.Close();

        Assert.Equal([("a", 2L)], _reported);
        Assert.Equal(1, warnings.Count("a"));
        Assert.Equal(1, warnings.Count("a"));
    }

    [Fact]
    public void Past_MaxKeys_a_new_key_is_counted_under_the_overflow_key_until_quiet_keys_can_be_forgotten()
    {
        var warnings = NewWarnings();
        for (var key = 0; key < RepeatedWarnings.MaxKeys; key++)
        {
            Assert.Equal(1, warnings.Count($"topic {key}"));
        }

        Assert.Equal(1, warnings.Count("one too many", out var countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);
        Assert.Equal(0, warnings.Count("two too many", out countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);
        warnings.Close();
        Assert.Equal([(RepeatedWarnings.OverflowKey, 1L)], _reported);

        _reported.Clear();
        warnings = NewWarnings();
        for (var key = 0; key < RepeatedWarnings.MaxKeys; key++)
        {
            warnings.Count($"topic {key}");
        }

        Turn(Interval);
        Assert.Equal(1, warnings.Count("new after the interval"));
        Assert.Equal(1, warnings.Count("topic 0"));
        warnings.Close();
        Assert.Empty(_reported);
    }

    [Fact]
    public void Keys_quiet_for_an_interval_with_counts_held_back_are_reported_and_forgotten_so_that_new_keys_get_room()
    {
        var warnings = NewWarnings();
        for (var key = 0; key < RepeatedWarnings.MaxKeys; key++)
        {
            warnings.Count($"operation {key}");
            warnings.Count($"operation {key}");
        }

        Assert.Equal(1, warnings.Count("too many", out var countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);
        Assert.Empty(_reported);

        Turn(Interval);
        Assert.Equal(1, warnings.Count("new after the interval", out countedAs));
        Assert.Equal("new after the interval", countedAs);
        Assert.Equal(RepeatedWarnings.MaxKeys, _reported.Count);
        Assert.All(_reported, report => Assert.Equal(1L, report.Count));
        Assert.Equal(Enumerable.Range(0, RepeatedWarnings.MaxKeys).Select(key => $"operation {key}").Order(), _reported.Select(report => report.Key).Order());

        _reported.Clear();
        Assert.Equal(0, warnings.Count("new after the interval"));
        warnings.Close();
        Assert.Equal([("new after the interval", 1L)], _reported);
    }

    private RepeatedWarnings NewWarnings() => new(Interval, (key, count) => _reported.Add((key, count)), () => _now);

    private void Turn(TimeSpan time) => _now += (long)(time.TotalSeconds * Stopwatch.Frequency);
}
