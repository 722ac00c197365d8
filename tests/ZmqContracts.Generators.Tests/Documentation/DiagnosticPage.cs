using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace ZmqContracts.Generators.Tests.Documentation;

/// <summary>
/// The C# blocks of a page of docs/diagnostics. The convention, which tests/README.md states for authors: the blocks
/// under <c>## Example</c> show the problem; every other block (under <c>## Fix</c>, which has at least one, or
/// <c>## Alternatives</c>) shows code without it. Every block is compiled as a fragment, never run, in a project with
/// the MSBuild properties that a comment of the block names: <c>// In a project with &lt;PublishAot&gt;true&lt;/PublishAot&gt;</c>.
/// </summary>
/// <param name="Id">The diagnostic's ID, which is the page's name: <c>ZMQ0001</c>.</param>
/// <param name="Examples">The blocks that must report <paramref name="Id"/>.</param>
/// <param name="Fixes">The blocks that must report nothing.</param>
internal sealed partial record DiagnosticPage(string Id, IReadOnlyList<MarkdownExample> Examples, IReadOnlyList<MarkdownExample> Fixes)
{
    private const string ExampleHeading = "## Example";
    private const string FixHeading = "## Fix";

    public static IEnumerable<string> Ids(string root) => Directory.GetFiles(Path.Combine(root, "docs", "diagnostics"), "ZMQ*.md")
        .Select(path => Path.GetFileNameWithoutExtension(path))
        .Order(StringComparer.Ordinal);

    public static DiagnosticPage Read(string root, string id)
    {
        var file = $"docs/diagnostics/{id}.md";
        return Parse(file, id, File.ReadAllLines(Path.Combine(root, file)));
    }

    public static DiagnosticPage Parse(string file, string id, string[] lines)
    {
        // Compiled only, whatever the fence says: a page shows contracts, not programs.
        var blocks = MarkdownExamples.Parse(file, lines)
            .Select(block => block with { Kind = ExampleKind.Fragment })
            .ToLookup(block => SectionOf(lines, block));
        if (!blocks.Contains(ExampleHeading) || !blocks.Contains(FixHeading))
        {
            throw new FormatException(
                $"{file}: a diagnostic's page shows the problem in C# under '{ExampleHeading}' and the code without it under '{FixHeading}', at least one block of each (tests/README.md, \"Examples in the documentation\").");
        }

        return new DiagnosticPage(id, [.. blocks[ExampleHeading]], [.. blocks.Where(section => section.Key != ExampleHeading).SelectMany(section => section)]);
    }

    /// <summary>The MSBuild properties that a comment of <paramref name="block"/> names, as <c>// In a project with &lt;Name&gt;value&lt;/Name&gt;</c>.</summary>
    public static ImmutableDictionary<string, string> BuildPropertiesOf(MarkdownExample block) => ProjectProperty().Matches(block.Code)
        .ToImmutableDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value);

    /// <summary>The <c>## </c> heading that the block's fence stands under, or empty above the first.</summary>
    private static string SectionOf(string[] lines, MarkdownExample block) =>
        lines.Take(block.Line - 1).LastOrDefault(line => line.StartsWith("## ", StringComparison.Ordinal))?.Trim() ?? "";

    [GeneratedRegex(@"// In a project with <(?<name>\w+)>(?<value>[^<]*)</\k<name>>")]
    private static partial Regex ProjectProperty();
}
