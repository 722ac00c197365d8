using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ZmqContracts.Generators.Tests;

/// <summary>Runs a generator, applies one edit, runs it again, and reports how each output of a tracked step was produced.</summary>
internal static class IncrementalSteps
{
    public static IReadOnlyList<IncrementalStepRunReason> AfterEdit(
        IIncrementalGenerator generator, string stepName, string[] sources, System.Func<CSharpCompilation, CSharpCompilation> edit)
    {
        var compilation = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver(generator).RunGenerators(compilation);
        var result = driver.RunGenerators(edit(compilation)).GetRunResult().Results.Single();
        return result.TrackedSteps.TryGetValue(stepName, out var steps)
            ? steps.SelectMany(step => step.Outputs).Select(output => output.Reason).ToList()
            : [];
    }

    /// <summary>
    /// Runs <paramref name="generator"/> on <paramref name="sources"/>, replaces source <paramref name="index"/> with
    /// <paramref name="replacement"/>, runs again, and returns how each output of each of our tracked steps was produced.
    /// </summary>
    public static Dictionary<string, List<IncrementalStepRunReason>> AfterReplacing(
        IIncrementalGenerator generator, string[] sources, int index, string replacement)
    {
        var compilation = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver(generator).RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.ElementAt(index);
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(replacement, (CSharpParseOptions)tree.Options, tree.FilePath));
        return driver.RunGenerators(edited).GetRunResult().Results.Single().TrackedSteps
            .Where(step => GeneratorHarness.OurStepNames.Contains(step.Key))
            .ToDictionary(step => step.Key, step => step.Value.SelectMany(run => run.Outputs).Select(output => output.Reason).ToList());
    }

    public static CSharpCompilation ReplaceSource(CSharpCompilation compilation, int index, string newText)
    {
        var tree = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(newText)));
    }

    public static CSharpCompilation AddSource(CSharpCompilation compilation, string text) =>
        compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)compilation.SyntaxTrees.First().Options, path: "Added.cs"));
}
