using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Generators.Tests.Documentation;

/// <summary>
/// Every page of docs/diagnostics shows what it says: each example, compiled with the generators and analyzers, reports
/// the page's diagnostic and no other error or warning; each fix compiles with no error or warning and without the
/// diagnostic at any severity (a suggestion included).
/// </summary>
public class DiagnosticExampleTests
{
    private static readonly string Root = ExampleProgram.Metadata("RepositoryRoot");

    public static TheoryData<string> Ids => [.. DiagnosticPage.Ids(Root)];

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Every_example_reports_its_diagnostic_and_every_fix_reports_nothing(string id)
    {
        var page = DiagnosticPage.Read(Root, id);

        foreach (var example in page.Examples)
        {
            var (_, diagnostics) = await ExampleProgram.AnalyzeAsync(example, DiagnosticPage.BuildPropertiesOf(example));
            Assert.True(diagnostics.Any(diagnostic => diagnostic.Id == id), $"{example} shows {id} but reports {(diagnostics.IsEmpty ? "nothing" : string.Join('\n', diagnostics))}");
            ExampleProgram.AssertCompiles(example, diagnostics.Where(diagnostic => diagnostic.Id != id));
        }

        foreach (var fix in page.Fixes)
        {
            // A fix compiled in another project than the problem's could not show the problem whatever its code.
            Assert.True(
                page.Examples.Any(example => PropertiesOf(example) == PropertiesOf(fix)),
                $"{fix} is compiled with the project properties '{PropertiesOf(fix)}', which no example of {id} is: say the example's '// In a project with …' there too");
            var (_, diagnostics) = await ExampleProgram.AnalyzeAsync(fix, DiagnosticPage.BuildPropertiesOf(fix));
            Assert.DoesNotContain(diagnostics, diagnostic => diagnostic.Id == id);
            ExampleProgram.AssertCompiles(fix, diagnostics);
        }
    }

    /// <summary>The block's project properties but LangVersion, the C# version, which is what the fix of ZMQ0021 changes.</summary>
    private static string PropertiesOf(MarkdownExample block) => string.Join("; ", DiagnosticPage.BuildPropertiesOf(block)
        .Where(property => property.Key != "LangVersion")
        .OrderBy(property => property.Key)
        .Select(property => $"{property.Key}={property.Value}"));

    [Fact]
    public void A_page_without_a_fix_is_refused_and_other_blocks_show_code_without_the_problem()
    {
        string[] withoutFix = ["# ZMQ9999: A title", "## Example", "```csharp", "var bad = 1;", "```", "## Alternatives", "```csharp", "var other = 1;", "```"];
        string[] withFix = [.. withoutFix, "## Fix", "```csharp", "var good = 1;", "```"];

        var refused = Assert.Throws<System.FormatException>(() => DiagnosticPage.Parse("docs/diagnostics/ZMQ9999.md", "ZMQ9999", withoutFix));
        Assert.Contains("docs/diagnostics/ZMQ9999.md: a diagnostic's page shows the problem", refused.Message);
        var page = DiagnosticPage.Parse("docs/diagnostics/ZMQ9999.md", "ZMQ9999", withFix);
        Assert.Equal([3], page.Examples.Select(block => block.Line));
        Assert.Equal([7, 11], page.Fixes.Select(block => block.Line));
    }

    [Fact]
    public void A_block_names_the_project_properties_it_is_compiled_with()
    {
        var block = new MarkdownExample("docs/diagnostics/ZMQ9999.md", 3, ExampleKind.Fragment, "", "// In a project with <PublishAot>true</PublishAot>\n[Reply] public interface IShop { }");

        Assert.Equal("true", Assert.Single(DiagnosticPage.BuildPropertiesOf(block), entry => entry.Key == "PublishAot").Value);
    }
}
