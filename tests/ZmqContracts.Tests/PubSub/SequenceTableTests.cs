using System;
using System.Diagnostics;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace ZmqContracts.Tests.PubSub;

/// <summary>A subscriber's table of streams: what forgetting a subscription's prefix forgets, and what it costs among many streams.</summary>
public class SequenceTableTests(ITestOutputHelper output)
{
    private const int Topics = 50_000;

    [Fact]
    public void Forgetting_a_prefix_among_100_000_streams_forgets_exactly_the_streams_it_covers_and_costs_what_it_forgets()
    {
        var table = new SequenceTable(capacity: 4 * Topics, forgetsByPrefix: true);
        for (var i = 0; i < Topics; i++)
        {
            table.Get(1, Topic(i)).Sequence = i + 1;
            table.Get(2, Topic(i)).Sequence = i + 1;
        }

        // Longer than what a stream keeps (64 bytes): two topics that agree on their first 64 bytes, and one of those 64.
        var sixtyFour = new string('a', 64);
        table.Get(1, Encoding.UTF8.GetBytes(sixtyFour + "xx")).Sequence = 7;
        table.Get(1, Encoding.UTF8.GetBytes(sixtyFour + "yy")).Sequence = 7;
        table.Get(1, Encoding.UTF8.GetBytes(sixtyFour)).Sequence = 7;

        // Each prefix covers one topic of each publisher. A walk through every stream for each would look at 10^9 of them.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Topics / 5; i++)
        {
            table.ForgetTopicsStartingWith(Topic(i));
        }

        clock.Stop();
        output.WriteLine($"{Topics / 5} prefixes forgotten among {2 * Topics} streams in {clock.Elapsed.TotalMilliseconds:0.0} ms");
        // An order of growth, not a speed target: a walk through every stream took 55 s here, the range of each prefix
        // 0.36 s on the same loaded machine; 5 s leaves a test run on a busy 2-core machine room without hiding a walk.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"forgetting {Topics / 5} prefixes took {clock.Elapsed.TotalMilliseconds:0} ms");

        // A prefix longer than what is kept forgets the long topics that agree with it as far as kept, not the shorter one.
        table.ForgetTopicsStartingWith(Encoding.UTF8.GetBytes(sixtyFour + "x"));
        Assert.Equal(0, table.Get(1, Encoding.UTF8.GetBytes(sixtyFour + "xx")).Sequence);
        Assert.Equal(0, table.Get(1, Encoding.UTF8.GetBytes(sixtyFour + "yy")).Sequence);
        Assert.Equal(7, table.Get(1, Encoding.UTF8.GetBytes(sixtyFour)).Sequence);

        // A prefix of several topics ("t.4999" covers t.49990 to t.49999), of both publishers; its neighbours stay.
        table.ForgetTopicsStartingWith("t.4999"u8);
        for (var publisher = 1UL; publisher <= 2; publisher++)
        {
            Assert.Equal(0, table.Get(publisher, Topic(Topics / 5 - 1)).Sequence);
            Assert.Equal(Topics / 5 + 1, table.Get(publisher, Topic(Topics / 5)).Sequence);
            Assert.Equal(0, table.Get(publisher, Topic(49_995)).Sequence);
            Assert.Equal(49_989 + 1, table.Get(publisher, Topic(49_989)).Sequence);
        }

        // The empty prefix covers every topic.
        table.ForgetTopicsStartingWith([]);
        Assert.Equal(0, table.Get(2, Topic(Topics / 2)).Sequence);
        Assert.Equal(0, table.Get(1, Encoding.UTF8.GetBytes(sixtyFour)).Sequence);
    }

    private static byte[] Topic(int i) => Encoding.UTF8.GetBytes($"t.{i:D5}");
}
