using Xunit;
using ZmqContracts.Generators.PubSub;

namespace ZmqContracts.Generators.Tests.PubSub;

public class TopicGeneratorSnapshotTests
{
    private static void VerifyGenerated(string testName, int expectedFiles, string source)
    {
        var generated = GeneratorHarness.Generate(new TopicGenerator(), source);
        Assert.Equal(expectedFiles, generated.Length);
        Snapshot.VerifyGenerated($"{nameof(TopicGeneratorSnapshotTests)}.{testName}", generated);
    }

    [Fact]
    public void ClassicClients() => VerifyGenerated(nameof(ClassicClients), 3, """
        using ZmqContracts;

        namespace Demo;

        [Topic("client1")]
        public partial record Client1Message(string Text);

        [Topic("client2")]
        public partial record Client2Message(string Text);

        [Topic("alerts", MatchPrefix = true)]
        public partial record Alert(string Text);
        """);

    [Fact]
    public void RawMessage() => VerifyGenerated(nameof(RawMessage), 1, """
        using ZmqContracts;

        namespace Demo;

        [Topic("client1", Format = ZmqFormat.Raw)]
        public partial record Client1Text(string Text);
        """);

    [Fact]
    public void PriceTemplate() => VerifyGenerated(nameof(PriceTemplate), 1, """
        using ZmqContracts;

        namespace Demo;

        [Topic("prices.{Symbol}")]
        public partial record Price(string Symbol, decimal Bid, decimal Ask);
        """);

    [Fact]
    public void EveryPlaceholderKindNestedInternalStruct() => VerifyGenerated(nameof(EveryPlaceholderKindNestedInternalStruct), 1, """
        using System;
        using ZmqContracts;

        namespace Demo.Nested;

        public enum Side { Buy, Sell }

        internal static partial class Outer
        {
            public partial class Middle
            {
                [Topic("orders/{Region}/{Side}/{Shard}/{Big}/{Urgent}/{Book}/{Class}/{Initial}.v1", MatchPrefix = true)]
                internal partial record struct Order(string? Region, Side Side, int Shard, ulong Big, bool Urgent, Guid Book, byte Class, char Initial)
                {
                    private static readonly int s_topicTemplate = 0;
                }
            }
        }
        """);

    [Fact]
    public void TopicInTheGlobalNamespaceOnAClass() => VerifyGenerated(nameof(TopicInTheGlobalNamespaceOnAClass), 1, """
        [ZmqContracts.Topic("say \"hi\"\\now")]
        public partial class Greeting
        {
            public string Text { get; set; } = "";
        }
        """);
}
