using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests;

/// <summary>
/// A contract attribute on something that is not a type is the compiler's error (CS0592), and so is code half typed, whose
/// error recovery may put the attribute on a parameter or a member: the generators write nothing for it, and do not throw.
/// </summary>
public class AttributeOffTypeTests
{
    private const string Usings = ContractSource.Usings;

    public static TheoryData<string> Sources =>
    [
        Usings + "public class C { [Reply] public void M() { } }",
        Usings + "public class C { [Pipeline] public int P { get; set; } }",
        Usings + "public class C { [Topic(\"x\")] public void M() { } }",
        Usings + "public class C { [Topic(\"y\")] public int F; }",
        Usings + "public interface C { void M([Pipeline] int x); }",
        Usings + "public interface C { void M([Reply] int x); }",
        Usings + """
            namespace Demo {
            [Reply] public interface ICalc { Task<int> Add(int a, CancellationToken
            [Topic("x.{Sym")] public partial record Msg(string Sym
            [Pipeline] public interface IStage { Task<Foo> Run(Bar
            """,
    ];

    [Theory]
    [MemberData(nameof(Sources))]
    public void Generators_write_nothing_and_do_not_throw(string source)
    {
        foreach (var generator in new IIncrementalGenerator[] { new ReplyGenerator(), new PipelineGenerator(), new TopicGenerator() })
        {
            var result = GeneratorHarness.CreateDriver(generator).RunGenerators(GeneratorHarness.Compile(source)).GetRunResult().Results.Single();

            Assert.Null(result.Exception);
            Assert.Empty(result.GeneratedSources);
        }
    }
}
