using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ZmqContracts.Generators.Tests;

/// <summary>Every diagnostic the analyzers can report is documented: a page, a row in the index, a release-tracking row.</summary>
public class DiagnosticDocumentationTests
{
    private static readonly string Root = typeof(DiagnosticDocumentationTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    public static TheoryData<string> Ids => [.. Descriptors().Select(descriptor => descriptor.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_has_a_page_an_index_row_and_a_release_row(string id)
    {
        var descriptor = Descriptors().Single(candidate => candidate.Id == id);
        var page = Path.Combine(Root, "docs", "diagnostics", $"{id}.md");

        Assert.True(File.Exists(page), $"{id} has no page: {page}");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(page));
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(Root, "docs", "diagnostics", "README.md")));
        Assert.Contains(
            $"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} | {descriptor.Title}",
            File.ReadAllText(Path.Combine(Root, "src", "Generators", "AnalyzerReleases.Unshipped.md")));
        Assert.EndsWith($"{id}.md", descriptor.HelpLinkUri);
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors() => typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => field.GetValue(null))
        .OfType<DiagnosticDescriptor>();
}
