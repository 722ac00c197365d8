using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using ZmqContracts.Generators.MessagePack;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests;

/// <summary>
/// A contract or message being typed, whose types the compiler cannot bind yet, whose parameter has no name yet (or the
/// name of another) or whose topic is not a string yet: the compiler's errors say what is wrong, and neither the
/// generators nor the analyzers add to them (generated code used the same unbound types, and repeated each error in
/// every generated file).
/// </summary>
public class HalfTypedContractTests
{
    public static TheoryData<string> Contracts =>
    [
        "[Reply] public interface IShop { Task<Foo> Get(Bar bar, CancellationToken cancellationToken = default); Task<int> Count(CancellationToken cancellationToken = default); }",
        "[Reply] public interface IShop { Task<int> Get(int a, ); }",
        "[Reply] public interface IShop { Task<List<Foo>> Get(Bar[] bars, CancellationToken cancellationToken = default); }",
        "[Pipeline] public interface IStage { Task<Foo> Run(Bar item, CancellationToken cancellationToken = default); }",
        "[Reply] public interface IShop { Task<int> Get(int a, int a, CancellationToken cancellationToken = default); }",
        "[Reply(OperationFrame = false)] public interface IShop { Task<int> Get(Bar bar, CancellationToken cancellationToken = default); }",
    ];

    /// <summary>
    /// Messages whose types are fine but for a type inside them that the compiler cannot bind, or a [Topic] whose topic it
    /// cannot; or that name a file-local, private or protected type, which the compiler reports (CS9051, CS0051, CS0053)
    /// and generated code, elsewhere in the assembly, could not name either.
    /// </summary>
    public static TheoryData<string> Messages =>
    [
        "[Reply] public interface IShop { Task<int> Get(Item item, CancellationToken cancellationToken = default); } public record Item(Foo Foo);",
        "[Pipeline] public interface IStage { Task<List<Item>> Run(int count, CancellationToken cancellationToken = default); } public record Item { public Foo? Foo { get; set; } }",
        """[Topic("a.{A}")] public partial record P(int A) { public Foo? B { get; set; } }""",
        """[Topic("a.{A}")] public partial record P(Foo A);""",
        """[Topic("a.{A}")] public partial record P(List<Foo> A);""",
        """[Topic("a", Format = ZmqFormat.Raw)] public partial record P(Foo A);""",
        "[Topic(123)] public partial record P(int A);",
        "[Topic] public partial record P(int A);",
        "file record Arg(int X); [Reply] public interface IUse { Task<int> AddAsync(Arg a, CancellationToken ct = default); }",
        "file record Arg(int X); [Reply] public interface IUse { Task<List<Arg>> GetAsync(CancellationToken ct = default); }",
        "public class Outer { protected record Hidden(int X); [Pipeline] public interface IStage { Task<Hidden> Run(int a, CancellationToken ct = default); } }",
        """public partial class Outer { private record Hidden(int X); [Topic("o2")] internal partial record Tick(Hidden H); }""",
        """public partial class Outer { private record Hidden(int X); [Reply] internal interface IUse { Task Send(Tick tick, CancellationToken ct = default); } internal record Tick(List<Hidden> H); }""",
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

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task A_message_being_typed_adds_nothing_to_the_compilers_errors(string message)
    {
        var source = ContractSource.Usings + message;
        var compilation = GeneratorHarness.Compile(source);
        foreach (var generator in new IIncrementalGenerator[] { new ReplyGenerator(), new PipelineGenerator(), new TopicGenerator(), new MessagePackFormatterGenerator() })
        {
            GeneratorHarness.CreateDriver(generator).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

            Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Location.SourceTree is { } tree && !compilation.SyntaxTrees.Contains(tree)));
        }

        foreach (var analyzer in new DiagnosticAnalyzer[] { new ReplyContractAnalyzer(), new PipelineAnalyzer(), new TopicAnalyzer(), new MessagePackAotAnalyzer() })
        {
            Assert.Empty(await GeneratorHarness.AnalyzeAsync(analyzer, source));
        }
    }
}
