using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ZmqContracts.Generators.Tests.Documentation;

/// <summary>
/// Compiles a documentation example as a console program of its own, as a user's project would build it: the usings
/// of a console app plus <c>ZmqContracts</c>, nullable enabled, every ZmqContracts generator and analyzer, warnings as
/// errors. Runs it in a collectible load context that shares the test's ZmqContracts, NetMQ and MessagePack.
/// </summary>
internal static class ExampleProgram
{
    /// <summary>How long a program may run: an example that hangs fails instead of blocking CI.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly string[] Usings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks", "ZmqContracts"];

    private static readonly Assembly GeneratorAssembly = typeof(DiagnosticDescriptors).Assembly;

    /// <summary>Ours, and System.Text.Json's, which a user's build runs too (for a <c>JsonSerializerContext</c>).</summary>
    private static readonly ImmutableArray<ISourceGenerator> Generators = [.. GeneratorAssembly.GetTypes()
        .Concat(Assembly.LoadFrom(Metadata("JsonSourceGenerator")).GetTypes())
        .Where(type => !type.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(type))
        .Select(type => ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator())];

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = [.. GeneratorAssembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)];

    /// <summary>Compiles <paramref name="example"/>; fails with every error and warning, each at its line in the Markdown file.</summary>
    public static async Task<byte[]> CompileAsync(MarkdownExample example)
    {
        var (generated, diagnostics) = await AnalyzeAsync(example, ImmutableDictionary<string, string>.Empty);
        AssertCompiles(example, diagnostics);

        using var image = new MemoryStream();
        var emitted = generated.Emit(image);
        Assert.True(emitted.Success, $"{example}: {string.Join('\n', emitted.Diagnostics)}");
        return image.ToArray();
    }

    /// <summary>
    /// Compiles <paramref name="example"/> with the generators and runs the analyzers over it: the compilation, generated
    /// files included, and every diagnostic at every severity, each at its line in the Markdown file, in a project with
    /// <paramref name="buildProperties"/> (such as <c>PublishAot</c>, or <c>LangVersion</c>, which sets the C# version).
    /// </summary>
    public static async Task<(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(
        MarkdownExample example, ImmutableDictionary<string, string> buildProperties)
    {
        var parseOptions = ParseOptions;
        if (buildProperties.TryGetValue("LangVersion", out var langVersion))
        {
            Assert.True(LanguageVersionFacts.TryParse(langVersion, out var version), $"{example}: <LangVersion>{langVersion}</LangVersion> is no C# version");
            parseOptions = ParseOptions.WithLanguageVersion(version);
        }

        var tree = CSharpSyntaxTree.ParseText(Assemble(example), parseOptions, path: example.ToString());
        // A fragment of declarations only has no entry point: it compiles as a library.
        var output = example.Kind == ExampleKind.Fragment && !tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any()
            ? OutputKind.DynamicallyLinkedLibrary
            : OutputKind.ConsoleApplication;
        var compilation = CSharpCompilation.Create("Example", [tree], GeneratorHarness.References, GeneratorHarness.CompilationOptions(output));
        CSharpGeneratorDriver.Create(Generators, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        var options = new AnalyzerOptions([], new GeneratorHarness.BuildProperties(buildProperties));
        return (generated, await generated.WithAnalyzers(Analyzers, options).GetAllDiagnosticsAsync());
    }

    /// <summary>The errors and warnings among <paramref name="diagnostics"/>: what fails a build with warnings as errors.</summary>
    public static List<Diagnostic> Problems(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning && !diagnostic.IsSuppressed)];

    /// <summary>Fails with every error and warning of <paramref name="example"/>, and the program it was compiled as.</summary>
    public static void AssertCompiles(MarkdownExample example, IEnumerable<Diagnostic> diagnostics)
    {
        var problems = Problems(diagnostics);
        Assert.True(problems.Count == 0, $"{example} does not compile as a {Describe(example.Kind)} (tests/README.md, \"Examples in the documentation\"):\n"
            + string.Join('\n', problems) + "\n\nThe program compiled:\n" + Assemble(example));
    }

    /// <summary>Runs a compiled program; fails when it throws or does not end within <see cref="TimeLimit"/>.</summary>
    public static async Task RunAsync(MarkdownExample example, byte[] image)
    {
        var context = new AssemblyLoadContext(example.ToString(), isCollectible: true);
        try
        {
            var entryPoint = context.LoadFromStream(new MemoryStream(image)).EntryPoint!;
            var arguments = entryPoint.GetParameters().Length == 0 ? null : new object[] { Array.Empty<string>() };
            var run = Task.Factory.StartNew(() => entryPoint.Invoke(null, arguments), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (await Task.WhenAny(run, Task.Delay(TimeLimit)) != run)
            {
                Assert.Fail($"{example} did not end within {TimeLimit.TotalSeconds} s: a documented example must end by itself.");
            }

            if (run.Exception?.InnerException is TargetInvocationException { InnerException: { } thrown })
            {
                Assert.Fail($"{example} threw {thrown}");
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// The example as one compilation unit: the default usings, then the usings, statements and declarations of the
    /// context and of the block, in that order, since top-level statements come before types in C#. Line directives map
    /// the block's lines to the Markdown file.
    /// </summary>
    private static string Assemble(MarkdownExample example)
    {
        var context = Root(example.Context);
        var block = Root(example.Code);
        var writer = new StringWriter();
        foreach (var name in Usings)
        {
            writer.WriteLine($"using {name};");
        }

        foreach (var directive in context.Usings.Concat(block.Usings).Where(directive => !Usings.Contains(directive.Name?.ToString())))
        {
            writer.WriteLine(directive.ToFullString().Trim());
        }

        WriteMembers(writer, example, context, block, member => member is GlobalStatementSyntax);
        WriteMembers(writer, example, context, block, member => member is not GlobalStatementSyntax);
        return writer.ToString();
    }

    private static void WriteMembers(StringWriter writer, MarkdownExample example, CompilationUnitSyntax context, CompilationUnitSyntax block, Func<MemberDeclarationSyntax, bool> which)
    {
        foreach (var member in context.Members.Where(which))
        {
            writer.WriteLine("#line hidden");
            writer.WriteLine(member.ToFullString().TrimEnd());
        }

        foreach (var member in block.Members.Where(which))
        {
            // The block's first line is the line after its fence.
            var line = example.Line + 1 + member.GetLocation().GetLineSpan().StartLinePosition.Line;
            writer.WriteLine($"#line {line} \"{example.File}\"");
            writer.WriteLine(member.ToFullString().TrimStart('\r', '\n').TrimEnd());
        }
    }

    private static CompilationUnitSyntax Root(string code) => (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ParseOptions).GetRoot();

    private static string Describe(ExampleKind kind) => kind == ExampleKind.Program ? "program" : "fragment";

    /// <summary>A value the test project's build wrote into this assembly (its .csproj says which).</summary>
    public static string Metadata(string key) => typeof(ExampleProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == key).Value!;
}
