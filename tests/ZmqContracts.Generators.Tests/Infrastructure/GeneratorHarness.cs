using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ZmqContracts.Generators.Tests;

/// <summary>Compiles test sources against the ZmqContracts runtime, runs a generator or analyzer, and checks the result.</summary>
internal static class GeneratorHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static readonly ImmutableArray<MetadataReference> References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Concat([typeof(ReplyAttribute).Assembly.Location, typeof(NetMQ.NetMQSocket).Assembly.Location])
        .Distinct()
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToImmutableArray();

    /// <summary>The tracking names of <see cref="TrackingNames"/>: Roslyn's own steps are not ours to assert.</summary>
    public static readonly ImmutableHashSet<string> OurStepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetValue(null)!)
        .ToImmutableHashSet();

    public static CSharpCompilation Compile(params string[] sources) => Compile(LanguageVersion.Latest, sources);

    /// <summary>As <see cref="Compile(string[])"/>, in a project that sets <c>LangVersion</c>.</summary>
    public static CSharpCompilation Compile(LanguageVersion version, params string[] sources) => CSharpCompilation.Create(
        "Tests",
        sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions.WithLanguageVersion(version), path: $"Source{index}.cs")),
        References,
        CompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>Nullable on, and the warnings the .NET SDK silences by default silenced too.</summary>
    public static CSharpCompilationOptions CompilationOptions(OutputKind kind) =>
        new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable).WithSpecificDiagnosticOptions(UnifiedReferenceWarnings);

    /// <summary>What the .NET SDK silences by default: MessagePack references an older System.Memory, unified with the current one.</summary>
    private static readonly ImmutableDictionary<string, ReportDiagnostic> UnifiedReferenceWarnings = ImmutableDictionary.CreateRange(
        [KeyValuePair.Create("CS1701", ReportDiagnostic.Suppress), KeyValuePair.Create("CS1702", ReportDiagnostic.Suppress)]);

    public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, LanguageVersion version = LanguageVersion.Latest) => CSharpGeneratorDriver.Create(
        [generator.AsSourceGenerator()],
        parseOptions: ParseOptions.WithLanguageVersion(version),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Runs the generator, asserts that it threw nothing, that the output compiles without an error or a warning in
    /// generated code (documentation warnings included), and that a
    /// second run on a clone of the compilation takes everything from the cache. Returns the generated files.
    /// </summary>
    public static ImmutableArray<GeneratedSourceResult> Generate(IIncrementalGenerator generator, params string[] sources) =>
        Generate(generator, LanguageVersion.Latest, sources);

    /// <summary>As <see cref="Generate(IIncrementalGenerator, string[])"/>, in a project that sets <c>LangVersion</c>.</summary>
    public static ImmutableArray<GeneratedSourceResult> Generate(IIncrementalGenerator generator, LanguageVersion version, params string[] sources)
    {
        var compilation = Compile(version, sources);
        var driver = CreateDriver(generator, version).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        AssertNoWarnings(output.GetDiagnostics().Where(diagnostic =>
            diagnostic.Severity == DiagnosticSeverity.Error || diagnostic.Location.SourceTree is not { } tree || !compilation.SyntaxTrees.Contains(tree)));

        var rerun = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
        foreach (var (stepName, steps) in rerun.TrackedSteps.Where(step => OurStepNames.Contains(step.Key)))
        {
            foreach (var (_, reason) in steps.SelectMany(step => step.Outputs))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{stepName} ran again ({reason}) on an unchanged compilation");
            }
        }

        return result.GeneratedSources;
    }

    /// <summary>The diagnostics the analyzer reports for the sources, in source order (analyzers run concurrently, so they arrive in any order).</summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(DiagnosticAnalyzer analyzer, params string[] sources) =>
        AnalyzeAsync(analyzer, ImmutableDictionary<string, string>.Empty, sources);

    /// <summary>As <see cref="AnalyzeAsync(DiagnosticAnalyzer, string[])"/>, in a project with these MSBuild properties (such as <c>PublishAot</c>).</summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(DiagnosticAnalyzer analyzer, ImmutableDictionary<string, string> buildProperties, params string[] sources) =>
        AnalyzeAsync(analyzer, Compile(sources), buildProperties);

    /// <summary>As <see cref="AnalyzeAsync(DiagnosticAnalyzer, string[])"/>, for a compilation made otherwise (in an older C#, for one).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(DiagnosticAnalyzer analyzer, Compilation compilation, ImmutableDictionary<string, string> buildProperties)
    {
        var options = new AnalyzerOptions([], new BuildProperties(buildProperties));
        var diagnostics = await compilation.WithAnalyzers([analyzer], options).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.OrderBy(diagnostic => diagnostic.Location.SourceTree?.FilePath).ThenBy(diagnostic => diagnostic.Location.SourceSpan.Start).ThenBy(diagnostic => diagnostic.Id)];
    }

    public static void AssertNoWarnings(IEnumerable<Diagnostic> diagnostics)
    {
        var problems = diagnostics.Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The compilation has warnings or errors:\n" + string.Join("\n", problems));
    }

    /// <summary>MSBuild properties as a project's <c>CompilerVisibleProperty</c> items show them to analyzers (<c>build_property.Name</c>).</summary>
    internal sealed class BuildProperties(ImmutableDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties.ToImmutableDictionary(entry => "build_property." + entry.Key, entry => entry.Value));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
