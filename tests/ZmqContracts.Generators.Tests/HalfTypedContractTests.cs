using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using ZmqContracts.Generators.MessagePack;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests;

/// <summary>
/// A contract being typed, whose types the compiler cannot bind yet or whose parameter has no name yet: the compiler's
/// errors say what is wrong, and neither the generators nor the analyzers add to them (generated code used the same
/// unbound types, and repeated each error in every generated file).
/// </summary>
public class HalfTypedContractTests
{
    public static TheoryData<string> Contracts =>
    [
        "[Reply] public interface IShop { Task<Foo> Get(Bar bar, CancellationToken cancellationToken = default); Task<int> Count(CancellationToken cancellationToken = default); }",
        "[Reply] public interface IShop { Task<int> Get(int a, ); }",
        "[Reply] public interface IShop { Task<List<Foo>> Get(Bar[] bars, CancellationToken cancellationToken = default); }",
        "[Pipeline] public interface IStage { Task<Foo> Run(Bar item, CancellationToken cancellationToken = default); }",
    ];

    [Theory]
    [MemberData(nameof(Contracts))]
    public async Task Neither_generators_nor_analyzers_add_to_the_compilers_errors(string contract)
    {
        var source = ContractSource.Usings + contract;
        var compilation = GeneratorHarness.Compile(source);
        foreach (var generator in new IIncrementalGenerator[] { new ReplyGenerator(), new PipelineGenerator(), new MessagePackFormatterGenerator() })
        {
            var result = GeneratorHarness.CreateDriver(generator).RunGenerators(compilation).GetRunResult().Results.Single();

            Assert.Null(result.Exception);
            Assert.Empty(result.GeneratedSources);
        }

        foreach (var analyzer in new DiagnosticAnalyzer[] { new ReplyContractAnalyzer(), new PipelineAnalyzer(), new MessagePackAotAnalyzer() })
        {
            Assert.Empty(await GeneratorHarness.AnalyzeAsync(analyzer, source));
        }
    }
}
