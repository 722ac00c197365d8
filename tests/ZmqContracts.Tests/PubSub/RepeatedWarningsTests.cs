using System;
using System.Diagnostics;
using System.Linq;
using Xunit;

namespace ZmqContracts.Tests.PubSub;

/// <summary>How a repeated warning is turned into one report per key and interval, on a clock the test turns.</summary>
public class RepeatedWarningsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private long _now = 1_000;

    [Fact]
    public void The_first_occurrence_is_reported_at_once_and_the_next_ones_with_the_first_after_the_interval()
    {
        var warnings = new RepeatedWarnings(Interval, () => _now);

        Assert.Equal(1, warnings.Count("a"));
        Assert.Equal([0, 0, 0], Enumerable.Range(0, 3).Select(_ => warnings.Count("a")));
        Assert.Equal(1, warnings.Count("b"));
        Assert.Equal(0, warnings.Count("b"));
        Turn(Interval - TimeSpan.FromTicks(1));
        Assert.Equal(0, warnings.Count("a"));
        Turn(TimeSpan.FromTicks(1));
        Assert.Equal(5, warnings.Count("a"));
        Assert.Equal(0, warnings.Count("a"));
        Assert.Equal(2, warnings.Count("b"));
    }

    [Fact]
    public void Closing_hands_over_what_was_not_reported_and_every_later_occurrence_is_reported_at_once()
    {
        var warnings = new RepeatedWarnings(Interval, () => _now);
        warnings.Count("a");
        warnings.Count("a");
        warnings.Count("a");
        warnings.Count("b");

        Assert.Equal([("a", 2L)], warnings.Close());
        Assert.Equal(1, warnings.Count("a"));
        Assert.Equal(1, warnings.Count("a"));
    }

    [Fact]
    public void Past_MaxKeys_a_new_key_is_counted_under_the_overflow_key_until_quiet_keys_can_be_forgotten()
    {
        var warnings = new RepeatedWarnings(Interval, () => _now);
        for (var key = 0; key < RepeatedWarnings.MaxKeys; key++)
        {
            Assert.Equal(1, warnings.Count($"topic {key}"));
        }

        Assert.Equal(1, warnings.Count("one too many", out var countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);
        Assert.Equal(0, warnings.Count("two too many", out countedAs));
        Assert.Equal(RepeatedWarnings.OverflowKey, countedAs);
        Assert.Equal([(RepeatedWarnings.OverflowKey, 1L)], warnings.Close().Where(pair => pair.Key == RepeatedWarnings.OverflowKey));

        warnings = new RepeatedWarnings(Interval, () => _now);
        for (var key = 0; key < RepeatedWarnings.MaxKeys; key++)
        {
            warnings.Count($"topic {key}");
        }

        Turn(Interval);
        Assert.Equal(1, warnings.Count("new after the interval"));
        Assert.Equal(1, warnings.Count("topic 0"));
        Assert.Empty(warnings.Close());
    }

    private void Turn(TimeSpan time) => _now += (long)(time.TotalSeconds * Stopwatch.Frequency);
}
