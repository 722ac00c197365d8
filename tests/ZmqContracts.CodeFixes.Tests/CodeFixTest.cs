using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ZmqContracts.CodeFixes.Tests;

/// <summary>
/// Runs an analyzer on a source with its diagnostics marked in place (<c>{|ZMQ0101:Price|}</c>, as in the generator
/// tests), applies the code fix, and compares with the fixed source, which must have no diagnostic left; the fix-all
/// paths run too. Compiles against this process's framework and the ZmqContracts runtime, so nothing is downloaded.
/// </summary>
internal sealed class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    private static readonly MetadataReference[] References = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Append(typeof(ReplyAttribute).Assembly.Location)
        .Distinct()
        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
        .ToArray();

    private CodeFixTest(string[] sources, string[] fixedSources, DiagnosticResult[] expected)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        foreach (var source in sources)
        {
            TestState.Sources.Add(source);
        }

        TestState.AdditionalReferences.AddRange(References);
        TestState.ExpectedDiagnostics.AddRange(expected);
        foreach (var fixedSource in fixedSources)
        {
            FixedState.Sources.Add(fixedSource);
        }
    }

    public static Task VerifyAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
        new CodeFixTest<TAnalyzer, TCodeFix>([source], [fixedSource], expected).RunAsync();

    /// <summary>As <see cref="VerifyAsync(string, string, DiagnosticResult[])"/>, for a project of several files, each fixed one in its place.</summary>
    public static Task VerifyAsync(string[] sources, string[] fixedSources) =>
        new CodeFixTest<TAnalyzer, TCodeFix>(sources, fixedSources, []).RunAsync();

    /// <summary>
    /// As <see cref="VerifyAsync"/>, for a fix after which the analyzer reports the next step: the fix is applied
    /// <paramref name="steps"/> times. Those next diagnostics point at a containing type, outside the symbol analyzed.
    /// </summary>
    public static Task VerifyInStepsAsync(int steps, string source, string fixedSource) =>
        new CodeFixTest<TAnalyzer, TCodeFix>([source], [fixedSource], [])
        {
            NumberOfIncrementalIterations = steps,
            NumberOfFixAllIterations = steps,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        }.RunAsync();
}
