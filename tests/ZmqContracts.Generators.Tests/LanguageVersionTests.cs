using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using ZmqContracts.Generators.MessagePack;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests;

/// <summary>Generated code needs C# 11: below it the generators write nothing and every contract attribute gets ZMQ0021.</summary>
public class LanguageVersionTests
{
    private const string Contracts = ContractSource.Usings + """
        namespace Demo
        {
            public record Order(int Id, string Item);

            [Reply]
            public interface IShop { Task<Order> Place(Order order, CancellationToken cancellationToken = default); }

            [Pipeline]
            public interface IPacker { Task<Order> Pack(Order order, CancellationToken cancellationToken = default); }

            [Topic("orders.{Id}")]
            public partial record Placed(int Id, Order Order);
        }
        """;

    private static IIncrementalGenerator[] Generators() =>
        [new ReplyGenerator(), new PipelineGenerator(), new TopicGenerator(), new MessagePackFormatterGenerator()];

    [Fact]
    public void Below_CSharp_11_the_generators_write_nothing_instead_of_code_that_does_not_compile()
    {
        // Generate fails on any error in the compilation with the generated files: C# 10 has no file-local types, no
        // static abstract interface members and no UTF-8 literals.
        foreach (var generator in Generators())
        {
            Assert.Empty(GeneratorHarness.Generate(generator, LanguageVersion.CSharp10, Contracts));
        }
    }

    [Fact]
    public void In_CSharp_11_the_generated_code_compiles()
    {
        foreach (var generator in Generators())
        {
            Assert.NotEmpty(GeneratorHarness.Generate(generator, LanguageVersion.CSharp11, Contracts));
        }
    }

    [Fact]
    public async Task Below_CSharp_11_every_contract_attribute_reports_ZMQ0021()
    {
        var compilation = GeneratorHarness.Compile(LanguageVersion.CSharp10, Contracts);

        var diagnostics = await GeneratorHarness.AnalyzeAsync(new LanguageVersionAnalyzer(), compilation, ImmutableDictionary<string, string>.Empty);

        Assert.Equal(["Reply", "Pipeline", "Topic(\"orders.{Id}\")"], diagnostics.Select(diagnostic => diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan)));
        Assert.All(diagnostics, diagnostic => Assert.Equal("ZMQ0021", diagnostic.Id));
        Assert.Equal(
            "ZmqContracts needs C# 11 or later; this project uses C# 10, so nothing is generated for IShop: set <LangVersion> to 11 or later in the project file",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task In_CSharp_11_ZMQ0021_is_not_reported()
    {
        var compilation = GeneratorHarness.Compile(LanguageVersion.CSharp11, Contracts);

        Assert.Empty(await GeneratorHarness.AnalyzeAsync(new LanguageVersionAnalyzer(), compilation, ImmutableDictionary<string, string>.Empty));
    }
}
