using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using ZmqContracts.Generators.Pipeline;

namespace ZmqContracts.Generators.Tests.Pipeline;

/// <summary>One edit at a time, and what each tracked step did about it.</summary>
public class PipelineIncrementalTests
{
    private const string Stage = """
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo;

        [Pipeline]
        public interface IWorkStage
        {
            Task<int> Process(int item);
        }
        """;

    private const string Other = """
        namespace Demo;

        public class Unrelated
        {
            public int Value => 1;
        }
        """;

    [Fact]
    public void An_unrelated_edit_regenerates_nothing()
    {
        var reasons = ReasonsAfterEdit(Other, Other.Replace("=> 1", "=> 2"));
        Assert.All(reasons, reason => Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void Changing_the_stage_modifies_its_model()
    {
        var reasons = ReasonsAfterEdit(Stage, Stage.Replace("Task<int> Process(int item)", "Task<long> Process(int item)"));
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
    }

    [Fact]
    public void A_new_stage_is_new_and_the_old_one_is_left_alone()
    {
        var added = Stage + """

            [Pipeline]
            public interface IAuditSink
            {
                Task Record(string line);
            }
            """;
        var reasons = ReasonsAfterEdit(Stage, added);
        Assert.Contains(IncrementalStepRunReason.New, reasons);
        Assert.Contains(IncrementalStepRunReason.Unchanged, reasons);
        Assert.DoesNotContain(IncrementalStepRunReason.Modified, reasons);
    }

    /// <summary>Runs the generator on <see cref="Stage"/> and <paramref name="before"/>, edits it to <paramref name="after"/>, runs again, and returns how our tracked steps ran.</summary>
    private static IncrementalStepRunReason[] ReasonsAfterEdit(string before, string after)
    {
        var sources = before == Stage ? new[] { Stage } : new[] { Stage, before };
        var compilation = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver(new PipelineGenerator()).RunGenerators(compilation);

        var oldTree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(after, (CSharpParseOptions)oldTree.Options, oldTree.FilePath));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        var reasons = result.TrackedSteps
            .Where(step => GeneratorHarness.OurStepNames.Contains(step.Key))
            .SelectMany(step => step.Value)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToArray();
        Assert.NotEmpty(reasons);
        return reasons;
    }
}
