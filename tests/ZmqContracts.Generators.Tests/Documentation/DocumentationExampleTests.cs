using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Generators.Tests.Documentation;

/// <summary>
/// Every C# example of README.md and docs/*.md compiles with the generators and analyzers, warnings as errors, and every
/// program among them runs to its end: a documented example that does not compile, throws or hangs fails here.
/// </summary>
public class DocumentationExampleTests
{
    private static readonly string Root = ExampleProgram.Metadata("RepositoryRoot");

    public static TheoryData<string> Examples => [.. MarkdownExamples.In(Root).Select(example => example.ToString())];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_documented_example_compiles_and_every_program_runs_to_its_end(string example)
    {
        var found = MarkdownExamples.In(Root).Single(candidate => candidate.ToString() == example);

        var image = await ExampleProgram.CompileAsync(found);
        if (found.Kind == ExampleKind.Program)
        {
            await ExampleProgram.RunAsync(found, image);
        }
    }

    [Fact]
    public void The_documentation_has_programs_and_fragments()
    {
        var examples = MarkdownExamples.In(Root).ToList();

        Assert.Contains(examples, example => example.File == "README.md" && example.Kind == ExampleKind.Program);
        Assert.Contains(examples, example => example.Kind == ExampleKind.Fragment);
    }

    [Fact]
    public async Task A_program_that_throws_or_does_not_compile_fails_and_names_its_line()
    {
        var throwing = new MarkdownExample("docs/x.md", 3, ExampleKind.Program, "", "throw new InvalidOperationException(\"documented wrongly\");");
        var image = await ExampleProgram.CompileAsync(throwing);
        var thrown = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => ExampleProgram.RunAsync(throwing, image));
        Assert.Contains("documented wrongly", thrown.Message);

        var warned = new MarkdownExample("docs/x.md", 7, ExampleKind.Fragment, "", "[Topic(\"client1\")]\npublic partial record Client1Message(int Unused)\n{\n    private int _never;\n}");
        var refused = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => ExampleProgram.CompileAsync(warned));
        Assert.Contains("docs/x.md(11", refused.Message);
    }

    [Fact]
    public void A_block_marked_otherwise_is_refused_with_the_convention()
    {
        string[] lines = ["# Title", "```csharp snippet", "var x = 1;", "```"];

        var refused = Assert.Throws<System.FormatException>(() => MarkdownExamples.Parse("docs/x.md", lines).ToList());
        Assert.Contains("docs/x.md:2", refused.Message);
        Assert.Contains("```csharp fragment", refused.Message);
    }

    [Fact]
    public void A_context_comment_above_a_block_is_compiled_with_it_and_other_languages_are_not_examples()
    {
        string[] lines = ["<!-- context:", "CancellationToken ct = default;", "-->", "```csharp fragment", "await Task.Delay(1, ct);", "```", "```python", "print(1)", "```"];

        var example = Assert.Single(MarkdownExamples.Parse("docs/x.md", lines));
        Assert.Equal(new MarkdownExample("docs/x.md", 4, ExampleKind.Fragment, "CancellationToken ct = default;", "await Task.Delay(1, ct);"), example);
    }
}
