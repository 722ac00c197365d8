using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using ZmqContracts.Generators.PubSub;

namespace ZmqContracts.Generators.Tests.PubSub;

public class TopicIncrementalityTests
{
    private const string Client1 = """
        using ZmqContracts;
        namespace Demo;
        [Topic("client1")]
        public partial record Client1Message(string Text);
        """;

    private const string Price = """
        using ZmqContracts;
        namespace Demo;
        [Topic("prices.{Symbol}")]
        public partial record Price(string Symbol, decimal Bid);
        """;

    private const string Unrelated = """
        namespace Demo;
        public static class Helper { public static int Twice(int value) => value * 2; }
        """;

    [Fact]
    public void An_unrelated_edit_regenerates_nothing()
    {
        var reasons = RerunAfter(0, Unrelated.Replace("value * 2", "value + value"));
        Assert.All(reasons.SelectMany(step => step.Value), reason =>
            Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{reason}"));
    }

    [Fact]
    public void Editing_one_topic_regenerates_that_type_only()
    {
        var reasons = RerunAfter(2, Price.Replace("prices.{Symbol}", "quotes.{Symbol}"));
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
            reasons[TrackingNames.ValidTopicTypes].Order());
    }

    private static Dictionary<string, List<IncrementalStepRunReason>> RerunAfter(int index, string replacement) =>
        IncrementalSteps.AfterReplacing(new TopicGenerator(), [Unrelated, Client1, Price], index, replacement);
}
