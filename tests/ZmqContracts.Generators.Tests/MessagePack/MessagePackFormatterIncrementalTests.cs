using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators.Tests.MessagePack;

public class MessagePackFormatterIncrementalTests
{
    private const string Orders = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using ZmqContracts;
        namespace Demo;
        [Reply]
        public interface IOrders { Task<Order> Find(int id); }
        public record Order(int Id, List<Line> Lines);
        public record Line(string Sku, int Quantity);
        """;

    private const string Price = """
        using ZmqContracts;
        namespace Demo;
        [Topic("prices")]
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
    public void Editing_a_record_a_contract_sends_walks_that_contract_again_only()
    {
        var reasons = RerunAfter(1, Orders.Replace("int Quantity", "long Quantity"));

        Assert.Equal([IncrementalStepRunReason.Modified], reasons[TrackingNames.MessagePackReplyTypes]);
        Assert.All(reasons[TrackingNames.MessagePackTopicTypes], reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{reason}"));
        Assert.Equal([IncrementalStepRunReason.Modified], reasons[TrackingNames.MessagePackFormatters]);
    }

    [Fact]
    public void The_models_hold_no_symbols()
    {
        var outputs = ModelPurity.TrackedOutputs(new MessagePackFormatterGenerator(), [Unrelated, Orders, Price]).ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => ModelPurity.AssertPure(output));
    }

    private static Dictionary<string, List<IncrementalStepRunReason>> RerunAfter(int index, string replacement) =>
        IncrementalSteps.AfterReplacing(new MessagePackFormatterGenerator(), [Unrelated, Orders, Price], index, replacement);
}
