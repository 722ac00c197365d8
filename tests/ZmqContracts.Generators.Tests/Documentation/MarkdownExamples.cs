using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ZmqContracts.Generators.Tests.Documentation;

/// <summary>How a C# block of the documentation is checked.</summary>
internal enum ExampleKind
{
    /// <summary><c>```csharp</c>: a complete program, compiled and run.</summary>
    Program,

    /// <summary><c>```csharp fragment</c>: compiled only.</summary>
    Fragment,
}

/// <summary>One C# block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository root, such as <c>docs/guide.md</c>.</param>
/// <param name="Line">The line of the opening fence, from 1.</param>
/// <param name="Kind">What the block's info string says: a program or a fragment.</param>
/// <param name="Context">The code of the <c>&lt;!-- context: … --&gt;</c> comment just above the block, or empty.</param>
/// <param name="Code">The block's code.</param>
internal sealed record MarkdownExample(string File, int Line, ExampleKind Kind, string Context, string Code)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// Finds the C# blocks of README.md and docs/*.md (docs/diagnostics holds examples that report a diagnostic on
/// purpose: <see cref="DiagnosticPage"/> reads them for their own tests). The convention, which tests/README.md states for authors:
/// <list type="bullet">
/// <item><c>```csharp</c> is a complete program (top-level statements, then types), compiled with the generators and
/// analyzers, warnings as errors, then run: it must end by itself, successfully, within the time limit.</item>
/// <item><c>```csharp fragment</c> is compiled the same way but not run.</item>
/// <item>Either may be preceded, on the lines just above its fence, by an HTML comment <c>&lt;!-- context: … --&gt;</c>
/// holding code the reader does not need to see (a variable the fragment uses, a type it implements); it is compiled
/// with the block, its statements first, and is invisible once the Markdown is rendered.</item>
/// <item>A block fenced without a language is not an example, but one that holds C# (<see cref="UntaggedCSharp"/>) is
/// refused, so that C# cannot escape the tests by its fence.</item>
/// </list>
/// </summary>
internal static partial class MarkdownExamples
{
    private const string ContextStart = "<!-- context:";
    private const string ContextEnd = "-->";

    private const string Convention =
        "write ```csharp for a program that is compiled and run, or ```csharp fragment for code that is compiled only (tests/README.md, \"Examples in the documentation\").";

    public static IEnumerable<MarkdownExample> In(string root) =>
        new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
            .SelectMany(path => Parse(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllLines(path)));

    public static IEnumerable<MarkdownExample> Parse(string file, string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence().Match(lines[i]) is not { Success: true } fence)
            {
                continue;
            }

            var indent = fence.Groups["indent"].Value;
            var marker = fence.Groups["marker"].Value;
            var info = fence.Groups["info"].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = i;
            var code = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != marker; i++)
            {
                code.Add(lines[i].StartsWith(indent, StringComparison.Ordinal) ? lines[i][indent.Length..] : lines[i]);
            }

            if (info is [] && UntaggedCSharp.IsLikely(code))
            {
                throw new FormatException(
                    $"{file}:{start + 1}: this block has no language but holds C#, which no test would compile: " + Convention);
            }

            if (info is not [var language, ..] || !IsCSharp(language))
            {
                continue;
            }

            var kind = info switch
            {
                [_] => ExampleKind.Program,
                [_, "fragment"] => ExampleKind.Fragment,
                _ => throw new FormatException(
                    $"{file}:{start + 1}: '{string.Join(' ', info)}' is not a C# example: " + Convention),
            };
            yield return new MarkdownExample(file, start + 1, kind, ContextAbove(lines, start), string.Join('\n', code));
        }
    }

    private static bool IsCSharp(string language) => language is "csharp" or "cs" or "c#" or "C#";

    /// <summary>The code of a <c>&lt;!-- context: … --&gt;</c> comment that ends on the line above the fence at <paramref name="fence"/>.</summary>
    private static string ContextAbove(string[] lines, int fence)
    {
        if (fence == 0 || lines[fence - 1].Trim() != ContextEnd)
        {
            return "";
        }

        for (var i = fence - 2; i >= 0; i--)
        {
            if (lines[i].Trim() == ContextStart)
            {
                return string.Join('\n', lines[(i + 1)..(fence - 1)]);
            }
        }

        return "";
    }

    [GeneratedRegex(@"^(?<indent>\s*)(?<marker>```+)(?<info>.*)$")]
    private static partial Regex Fence();
}
