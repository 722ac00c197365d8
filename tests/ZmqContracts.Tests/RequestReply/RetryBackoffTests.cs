using System;
using System.Linq;
using Xunit;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>The waits between a call's attempts (docs/guide.md, "Retries and idempotency"): doubling, and jittered.</summary>
public class RetryBackoffTests
{
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Clients_that_retry_together_wait_different_times_between_half_the_backoff_and_all_of_it()
    {
        // A thousand clients restarted together: each draws its wait from its own random source.
        var waits = Enumerable.Range(0, 1_000).Select(client => RetryBackoff.Jittered(Backoff, new Random(client))).ToList();

        Assert.All(waits, wait => Assert.InRange(wait, Backoff / 2, Backoff));
        Assert.True(waits.Distinct().Count() > 900, $"only {waits.Distinct().Count()} different waits in 1,000");
        Assert.InRange(waits.Min(), Backoff / 2, Backoff * 0.55);
        Assert.InRange(waits.Max(), Backoff * 0.95, Backoff);
    }

    [Fact]
    public void The_extremes_of_the_random_draw_give_half_the_backoff_and_all_of_it()
    {
        Assert.Equal(Backoff / 2, RetryBackoff.Jittered(Backoff, new Draws(0)));
        Assert.InRange(RetryBackoff.Jittered(Backoff, new Draws(Math.BitDecrement(1.0))), Backoff - TimeSpan.FromTicks(1), Backoff);
    }

    [Fact]
    public void The_backoff_doubles_up_to_30_seconds_and_a_longer_one_stays()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryBackoff.Doubled(Backoff));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryBackoff.Doubled(TimeSpan.FromSeconds(20)));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryBackoff.Doubled(TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(60), RetryBackoff.Doubled(TimeSpan.FromSeconds(60)));
    }

    /// <summary>A random source that always draws <paramref name="value"/>.</summary>
    private sealed class Draws(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
