using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ZmqContracts.Generators;

/// <summary>
/// The oldest C# that generated code compiles under: C# 11, for its file-local types, static abstract interface members
/// and UTF-8 string literals. Below it the generators write nothing, and every contract attribute gets ZMQ0021 instead of
/// the compiler's errors in generated files.
/// </summary>
internal static class LanguageSupport
{
    public const LanguageVersion Minimum = LanguageVersion.CSharp11;

    /// <summary>Whether the compilation's C# (the version in effect, <c>LangVersion</c> or the SDK's default) is new enough for generated code.</summary>
    public static bool IsSupported(Compilation compilation) => compilation is CSharpCompilation { LanguageVersion: >= Minimum };

    /// <summary>How a project names the version: <c>10</c> for C# 10, <c>7.3</c> for C# 7.3.</summary>
    public static string Describe(LanguageVersion version)
    {
        var display = version.ToDisplayString();
        return display.EndsWith(".0", System.StringComparison.Ordinal) ? display.Substring(0, display.Length - 2) : display;
    }
}
