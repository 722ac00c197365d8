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
        AssertRefusedAtLine2WithTheConvention(["# Title", "```csharp snippet", "var x = 1;", "```"]);
    }

    [Theory]
    [InlineData("using OpenTelemetry.Trace;", "var builder = Host.CreateApplicationBuilder(args);")]
    [InlineData("builder.Services.AddOpenTelemetry()", "    .WithMetrics(metrics => metrics.AddMeter(ZmqTelemetry.MeterName));")]
    [InlineData("await using var publisher = new ZmqPublisher(\"tcp://127.0.0.1:*\");", "")]
    [InlineData("Console.WriteLine(price.Symbol);", "")]
    [InlineData("public record Order(int Id, string Item);", "")]
    [InlineData("[Reply]", "public interface IShop { }")]
    [InlineData("[Topic(\"client1\")]", "")]
    [InlineData("{", "    Task Place(Order order);")]
    [InlineData("public sealed partial class Pricing", "")]
    public void A_block_without_a_language_that_holds_CSharp_is_refused_with_the_convention(string first, string second)
    {
        AssertRefusedAtLine2WithTheConvention(["# Title", "```", first, second, "```"]);
    }

    [Theory]
    [InlineData("dotnet publish samples/Aot -r linux-x64 -c Release -o out && ./out/Aot", "ACCEPT_SNAPSHOTS=1 dotnet test tests/ZmqContracts.Generators.Tests")]
    [InlineData("{ \"Zmq\": { \"Server\": { \"Endpoint\": \"tcp://*:5555\" } } }", "<add key=\"zmqcontracts-local\" value=\"/home/you/feed\" />")]
    [InlineData("socket.send_multipart([b\"client1\", msgpack.packb(message)])", "print(reply)")]
    [InlineData("src/Sdk/        ZmqPipelineRelay; ProducerBase and CollectorBase (the generated types' base classes);", "frame 0  7a 6d 71 63 2e 65 72 72 6f 72    \"zmqc.error\"")]
    [InlineData("[routing-id]…[correlation-id][][operation][arguments…]", "Accounts.Withdraw: tcp://accounts:5555 replied with an error: HandlerFailed")]
    [InlineData(" CalculatorClient.Add ── DEALER send ──▶ TCP ──▶ ROUTER receive", " await resumes ◀── PendingCall (work item) ◀── DEALER receive")]
    [InlineData("class Greeter:", "    def greet(self, name): return name")]
    public void A_block_without_a_language_that_holds_no_CSharp_is_not_an_example(string first, string second)
    {
        string[] lines = ["# Title", "```", first, second, "```"];

        Assert.Empty(MarkdownExamples.Parse("docs/x.md", lines));
    }

    [Fact]
    public void A_context_comment_above_a_block_is_compiled_with_it_and_other_languages_are_not_examples()
    {
        string[] lines = ["<!-- context:", "CancellationToken ct = default;", "-->", "```csharp fragment", "await Task.Delay(1, ct);", "```", "```python", "print(1)", "```"];

        var example = Assert.Single(MarkdownExamples.Parse("docs/x.md", lines));
        Assert.Equal(new MarkdownExample("docs/x.md", 4, ExampleKind.Fragment, "CancellationToken ct = default;", "await Task.Delay(1, ct);"), example);
    }

    private static void AssertRefusedAtLine2WithTheConvention(string[] lines)
    {
        var refused = Assert.Throws<System.FormatException>(() => MarkdownExamples.Parse("docs/x.md", lines).ToList());
        Assert.Contains("docs/x.md:2", refused.Message);
        Assert.Contains("```csharp fragment", refused.Message);
    }
}
