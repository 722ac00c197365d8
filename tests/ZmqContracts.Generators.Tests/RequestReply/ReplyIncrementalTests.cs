using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests.RequestReply;

public class ReplyIncrementalTests
{
    private const string Calculator = """
        using System.Threading.Tasks;
        namespace Demo;
        [ZmqContracts.Reply]
        public interface ICalculator
        {
            Task<int> Add(int a, int b);
        }
        """;

    private const string Clock = """
        using System.Threading.Tasks;
        namespace Demo;
        [ZmqContracts.Reply]
        public interface IClock
        {
            Task<long> Now();
        }
        """;

    [Fact]
    public void An_unrelated_edit_regenerates_nothing()
    {
        var reasons = IncrementalSteps.AfterEdit(new ReplyGenerator(), TrackingNames.ValidReplyContracts, [Calculator, Clock],
            compilation => IncrementalSteps.AddSource(compilation, "namespace Demo; public class Unrelated { public int Value; }"));

        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void A_comment_in_a_contract_file_changes_no_model()
    {
        var reasons = IncrementalSteps.AfterEdit(new ReplyGenerator(), TrackingNames.ValidReplyContracts, [Calculator, Clock],
            compilation => IncrementalSteps.ReplaceSource(compilation, 0, Calculator.Replace("Task<int> Add", "// adds\n    Task<int> Add")));

        Assert.DoesNotContain(IncrementalStepRunReason.Modified, reasons);
        Assert.DoesNotContain(IncrementalStepRunReason.New, reasons);
    }

    [Theory]
    [InlineData("Task<int> Add(int a, int b);\n    Task Reset();")]
    [InlineData("[ZmqContracts.Idempotent]\n    Task<int> Add(int a, int b);")]
    public void An_edit_to_one_contract_is_Modified_for_that_contract_only(string editedAdd)
    {
        var reasons = IncrementalSteps.AfterEdit(new ReplyGenerator(), TrackingNames.ValidReplyContracts, [Calculator, Clock],
            compilation => IncrementalSteps.ReplaceSource(compilation, 0, Calculator.Replace("Task<int> Add(int a, int b);", editedAdd)));

        Assert.Equal(1, reasons.Count(reason => reason == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(reason => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void A_new_contract_is_New_and_the_others_are_untouched()
    {
        var reasons = IncrementalSteps.AfterEdit(new ReplyGenerator(), TrackingNames.ValidReplyContracts, [Calculator],
            compilation => IncrementalSteps.AddSource(compilation, Clock));

        Assert.Equal([IncrementalStepRunReason.New, IncrementalStepRunReason.Cached], reasons.Order());
    }

    [Fact]
    public void A_user_type_added_elsewhere_with_a_generated_name_modifies_that_contract_only()
    {
        var reasons = IncrementalSteps.AfterEdit(new ReplyGenerator(), TrackingNames.ValidReplyContracts, [Calculator, Clock],
            compilation => IncrementalSteps.AddSource(compilation, "namespace Demo; public struct CalculatorClient { }"));

        Assert.Equal(1, reasons.Count(reason => reason == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(reason => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void The_pipeline_models_hold_no_symbol_syntax_location_or_compilation()
    {
        var outputs = ModelPurity.TrackedOutputs(new ReplyGenerator(), [Calculator, Clock]).ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, output => ModelPurity.AssertPure(output));
    }
}
