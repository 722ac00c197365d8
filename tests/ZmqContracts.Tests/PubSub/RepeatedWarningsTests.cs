using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ZmqContracts.Tests.PubSub;

/// <summary>How a repeated warning is turned into one report per key and interval, on a clock the test turns.</summary>
public class RepeatedWarningsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly List<(string Key, long Count)> _reported = [];

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_first_occurrence_is_for_the_caller_to_report_and_the_next_ones_are_reported_with_their_count_when_the_interval_is_up()
    {
        var warnings = NewWarnings();

        Assert.True(warnings.IsFirst("a"));
        Assert.Equal([false, false, false], Enumerable.Range(0, 3).Select(_ => warnings.IsFirst("a")));
        Assert.True(warnings.IsFirst("b"));
        Assert.False(warnings.IsFirst("b"));
        _time.Advance(Interval - TimeSpan.FromTicks(1));
        Assert.False(warnings.IsFirst("a"));
        Assert.Empty(_reported);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal([("a", 4L), ("b", 1L)], _reported.Order());

        _reported.Clear();
        Assert.False(warnings.IsFirst("a"));
        _time.Advance(Interval);
        Assert.Equal([("a", 1L)], _reported);
    }

    [Fact]
    public void A_burst_that_stops_has_its_count_reported_when_its_interval_is_up_though_no_occurrence_follows_and_its_key_is_forgotten()
    {
        var warnings = NewWarnings();
        Assert.True(warnings.IsFirst("a"));
        warnings.IsFirst("a");
        warnings.IsFirst("a");
        warnings.IsFirst("b");

        _time.Advance(Interval);

        Assert.Equal([("a", 2L)], _reported);
        Assert.True(warnings.IsFirst("a"));
        Assert.True(warnings.IsFirst("b"));
    }

    [Fact]
    public void A_key_that_goes_on_occurring_is_reported_once_per_interval_and_a_quiet_one_is_forgotten_only_after_its_count_is_reported()
    {
        var warnings = NewWarnings();
        warnings.IsFirst("steady");
        _time.Advance(Interval / 2);
        warnings.IsFirst("late");
        warnings.IsFirst("late");

        for (var step = 0; step < 4; step++)
        {
            warnings.IsFirst("steady");
            _time.Advance(Interval / 2);
        }

        Assert.Equal([("late", 1L), ("steady", 1L), ("steady", 2L)], _reported.Order());
        Assert.False(warnings.IsFirst("steady"));
        Assert.True(warnings.IsFirst("late"));
    }

    [Fact]
    public void Closing_reports_what_was_not_reported_and_every_later_occurrence_is_for_the_caller_to_report()
    {
        var warnings = NewWarnings();
        warnings.IsFirst("a");
        warnings.IsFirst("a");
        warnings.IsFirst("a");
        warnings.IsFirst("b");

        warnings.Close();

        Assert.Equal([("a", 2L)], _reported);
        Assert.True(warnings.IsFirst("a"));
        Assert.True(warnings.IsFirst("a"));
        _time.Advance(Interval);
        Assert.Equal([("a", 2L)], _reported);
    }

    [Fact]
    public void Past_MaxKeys_a_new_key_is_counted_under_the_overflow_key_until_quiet_keys_are_forgotten()
    {
        var warnings = NewWarnings();
        for (var key = 0; key < RepeatedWarnings.MaxKeys; key++)
        {
            Assert.True(warnings.IsFirst($"topic {key}"));
        }

        Assert.True(warnings.IsFirst("one too many", out var countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);
        Assert.False(warnings.IsFirst("two too many", out countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);

        _time.Advance(Interval);
        Assert.Equal([(RepeatedWarnings.OverflowKey, 1L)], _reported);
        Assert.True(warnings.IsFirst("new after the interval", out countedAs));
        Assert.Equal("new after the interval", countedAs);
        Assert.True(warnings.IsFirst("topic 0"));
    }

    [Fact]
    public void Keys_quiet_for_an_interval_with_counts_held_back_are_reported_and_forgotten_so_that_new_keys_get_room()
    {
        var warnings = NewWarnings();
        for (var key = 0; key < RepeatedWarnings.MaxKeys; key++)
        {
            warnings.IsFirst($"operation {key}");
            warnings.IsFirst($"operation {key}");
        }

        Assert.True(warnings.IsFirst("too many", out var countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);
        Assert.Empty(_reported);

        _time.Advance(Interval);
        Assert.Equal(RepeatedWarnings.MaxKeys, _reported.Count);
        Assert.All(_reported, report => Assert.Equal(1L, report.Count));
        Assert.Equal(Enumerable.Range(0, RepeatedWarnings.MaxKeys).Select(key => $"operation {key}").Order(), _reported.Select(report => report.Key).Order());
        Assert.True(warnings.IsFirst("new after the interval", out countedAs));
        Assert.Equal("new after the interval", countedAs);

        _reported.Clear();
        Assert.False(warnings.IsFirst("new after the interval"));
        warnings.Close();
        Assert.Equal([("new after the interval", 1L)], _reported);
    }

    private RepeatedWarnings NewWarnings() => new(Interval, (key, count) => _reported.Add((key, count)), _time);
}
