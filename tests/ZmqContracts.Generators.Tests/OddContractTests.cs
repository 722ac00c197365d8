using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using ZmqContracts.Generators.MessagePack;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests;

/// <summary>
/// Contracts a generator once failed on (Roslyn's CS8785, or a stack overflow that ended the compiler) or wrote code for
/// that did not compile. <see cref="GeneratorHarness.Generate"/> fails on either, and on any warning in generated code.
/// </summary>
public class OddContractTests
{
    private const string Usings = ContractSource.Usings;

    [Fact]
    public void Keywords_used_as_names_make_file_names_without_their_at_sign()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            namespace @class
            {
                [Reply]
                public interface @event { Task<int> Add(int a, CancellationToken cancellationToken = default); }
            }
            """);

        Assert.Equal(["class.event.Client.g.cs", "class.event.Server.g.cs"], generated.Select(file => file.HintName).Order());
    }

    [Fact]
    public void Contracts_whose_names_differ_only_in_case_get_files_of_their_own()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            namespace Demo
            {
                [Reply]
                public interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); }

                [Reply]
                public interface Icalc { Task<int> Sub(int a, CancellationToken cancellationToken = default); }
            }
            """);

        Assert.Equal(
            ["Demo.ICalc.Client.g.cs", "Demo.ICalc.Server.g.cs", "Demo.Icalc_2.Client.g.cs", "Demo.Icalc_2.Server.g.cs"],
            generated.Select(file => file.HintName).Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void Contracts_whose_generated_types_take_one_name_leave_them_to_the_first()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            namespace Demo
            {
                [Reply]
                public interface IOuterInner { Task<int> Add(int a, CancellationToken cancellationToken = default); }

                public static class Outer
                {
                    [Reply]
                    public interface IInner { Task<int> Sub(int a, CancellationToken cancellationToken = default); }
                }
            }
            """);

        // Demo.IOuterInner comes first (ordinal): Demo.Outer.IInner gets ZMQ0014 from the analyzer, and no files.
        Assert.Equal(["Demo.IOuterInner.Client.g.cs", "Demo.IOuterInner.Server.g.cs"], generated.Select(file => file.HintName).Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void A_contract_keeps_the_generated_types_an_earlier_one_named_alike_does_not_get()
    {
        var generated = GeneratorHarness.Generate(new PipelineGenerator(), Usings + """
            namespace Demo
            {
                // Comes first (ordinal), and has no result: no collector.
                [Pipeline]
                public interface Audit { Task Log(string line, CancellationToken cancellationToken = default); }

                [Pipeline]
                public interface IAudit { Task<int> Count(string line, CancellationToken cancellationToken = default); }
            }
            """);
        var reply = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            namespace Demo
            {
                // Comes first, but is not a valid contract (ZMQ0002): it gets no types.
                [Reply]
                public interface Calc { int Add(int a); }

                [Reply]
                public interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); }
            }
            """);

        Assert.Equal(
            ["Demo.Audit.Producer.g.cs", "Demo.Audit.Worker.g.cs", "Demo.IAudit.Collector.g.cs"],
            generated.Select(file => file.HintName).Order(System.StringComparer.Ordinal));
        Assert.Equal(["Demo.ICalc.Client.g.cs", "Demo.ICalc.Server.g.cs"], reply.Select(file => file.HintName).Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void Topic_types_whose_names_differ_only_in_case_get_files_of_their_own()
    {
        var generated = GeneratorHarness.Generate(new TopicGenerator(), """
            using ZmqContracts;

            [Topic("upper")]
            public partial record M(int X);

            [Topic("lower")]
            public partial record m(int X);
            """);

        Assert.Equal(["M.Topic.g.cs", "m_2.Topic.g.cs"], generated.Select(file => file.HintName).Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public void An_attribute_repeated_on_a_second_part_of_a_partial_type_generates_the_type_once()
    {
        // The repeated attribute is CS0579: the compiler's error, which Generate would fail on, so the driver runs alone.
        var compilation = GeneratorHarness.Compile(Usings + """
            namespace Demo
            {
                [Reply]
                public partial interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); }

                [Reply]
                public partial interface ICalc { }

                [Pipeline]
                public partial interface IStage { Task<int> Run(int a, CancellationToken cancellationToken = default); }

                [Pipeline]
                public partial interface IStage { }

                [Topic("x")]
                public partial record X(int A);

                [Topic("x")]
                public partial record X;
            }
            """);
        string[] HintNamesOf(IIncrementalGenerator generator) =>
            [.. GeneratorHarness.CreateDriver(generator).RunGenerators(compilation).GetRunResult().Results.Single().GeneratedSources
                .Select(file => file.HintName)
                .Order(System.StringComparer.Ordinal)];

        Assert.Equal(["Demo.ICalc.Client.g.cs", "Demo.ICalc.Server.g.cs"], HintNamesOf(new ReplyGenerator()));
        Assert.Equal(["Demo.IStage.Collector.g.cs", "Demo.IStage.Producer.g.cs", "Demo.IStage.Worker.g.cs"], HintNamesOf(new PipelineGenerator()));
        Assert.Equal(["Demo.X.Topic.g.cs"], HintNamesOf(new TopicGenerator()));
    }

    [Fact]
    public void A_topic_with_line_breaks_and_markup_and_placeholders_that_differ_in_case_makes_code_that_compiles()
    {
        var generated = GeneratorHarness.Generate(new TopicGenerator(), """
            using ZmqContracts;

            [Topic("a\n\u2028]]>&<{A}.{a}.{class}")]
            public partial record M(string A, string a, string @class);
            """);

        var topic = Assert.Single(generated).SourceText.ToString();
        Assert.Contains("published under a\\u000A\\u2028]]&gt;&amp;&lt;{A}.{a}.{class} with these values", topic);
        Assert.Contains("TopicFor(string a, string a1, string @class)", topic);
    }

    [Fact]
    public void Defaults_that_no_literal_writes_are_written_as_what_names_them()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            public enum Mode { A, B }

            [Reply]
            public interface ICalc
            {
                Task<int> Add(double a = double.NaN, float b = float.PositiveInfinity, double c = double.NegativeInfinity, Mode? mode = Mode.B, string text = null!, CancellationToken cancellationToken = default);
            }
            """);

        var client = generated.Single(file => file.HintName == "ICalc.Client.g.cs").SourceText.ToString();
        Assert.Contains("double a = global::System.Double.NaN", client);
        Assert.Contains("float b = global::System.Single.PositiveInfinity", client);
        Assert.Contains("mode = (global::Mode)(1)", client);
        Assert.Contains("string text = default!", client);
    }

    [Fact]
    public void Defaults_that_only_attributes_declare_are_declared_by_the_same_attributes()
    {
        const string Contract = Usings + """
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;

            [Reply]
            public interface ICalc
            {
                Task<int> At([Optional, DateTimeConstant(630822816000000000)] DateTime when, [Optional, DefaultParameterValue(5)] object? five, [Optional, DefaultParameterValue(-5L)] object? minusFive, [Optional, DefaultParameterValue("x")] object? text, CancellationToken cancellationToken = default);
            }

            [Pipeline]
            public interface IStage { Task<int> Run([Optional, DateTimeConstant(630822816000000000)] DateTime when, CancellationToken cancellationToken = default); }
            """;

        var client = GeneratorHarness.Generate(new ReplyGenerator(), Contract).Single(file => file.HintName == "ICalc.Client.g.cs").SourceText.ToString();
        var producer = GeneratorHarness.Generate(new PipelineGenerator(), Contract).Single(file => file.HintName == "IStage.Producer.g.cs").SourceText.ToString();

        const string When = "[global::System.Runtime.InteropServices.Optional] [global::System.Runtime.CompilerServices.DateTimeConstant(630822816000000000)] global::System.DateTime when,";
        Assert.Contains(When, client);
        Assert.Contains("[global::System.Runtime.InteropServices.Optional] [global::System.Runtime.InteropServices.DefaultParameterValue(5)] object? five,", client);
        Assert.Contains("[global::System.Runtime.InteropServices.DefaultParameterValue((global::System.Int64)(-5))] object? minusFive,", client);
        Assert.Contains("[global::System.Runtime.InteropServices.DefaultParameterValue(\"x\")] object? text,", client);
        Assert.Contains(When, producer);
    }

    [Fact]
    public void Nullable_analysis_attributes_of_parameters_are_repeated_so_that_the_client_implements_the_contract()
    {
        const string Contract = Usings + """
            using System.Diagnostics.CodeAnalysis;

            [Reply]
            public interface ICalc { Task<int> Set([AllowNull] string value, [MaybeNull] string other, CancellationToken cancellationToken = default); }

            [Pipeline]
            public interface IStage { Task Run([AllowNull] string value, CancellationToken cancellationToken = default); }
            """;

        var client = GeneratorHarness.Generate(new ReplyGenerator(), Contract).Single(file => file.HintName == "ICalc.Client.g.cs").SourceText.ToString();
        var producer = GeneratorHarness.Generate(new PipelineGenerator(), Contract).Single(file => file.HintName == "IStage.Producer.g.cs").SourceText.ToString();

        Assert.Contains("Set([global::System.Diagnostics.CodeAnalysis.AllowNull] string value, [global::System.Diagnostics.CodeAnalysis.MaybeNull] string other,", client);
        Assert.Contains("Run([global::System.Diagnostics.CodeAnalysis.AllowNull] string value,", producer);
    }

    [Fact]
    public void A_DisallowNull_parameter_of_a_nullable_type_is_read_as_its_type_without_the_question_mark()
    {
        const string Contract = Usings + """
            using System.Diagnostics.CodeAnalysis;

            [Reply]
            public interface IStore { Task<int> Put([DisallowNull] string? key, [DisallowNull] int? count, CancellationToken cancellationToken = default); }

            [Pipeline]
            public interface IIndexer { Task Index([DisallowNull] string? path, CancellationToken cancellationToken = default); }
            """;

        // Generate compiles what it generates and fails on any warning: passing a string? read to [DisallowNull] is CS8604.
        var server = GeneratorHarness.Generate(new ReplyGenerator(), Contract).Single(file => file.HintName == "IStore.Server.g.cs").SourceText.ToString();
        var worker = GeneratorHarness.Generate(new PipelineGenerator(), Contract).Single(file => file.HintName == "IIndexer.Worker.g.cs").SourceText.ToString();

        Assert.Contains("target.Put(call.Argument<string>(0, nullable: false), call.Argument<int>(1), token)", server);
        Assert.Contains("target.Index(input.Read<string>(nullable: false), token)", worker);
    }

    [Fact]
    public void Only_reference_types_the_contract_declares_not_nullable_are_read_refusing_null()
    {
        const string Contract = Usings + """
            using System.Diagnostics.CodeAnalysis;

            [Reply]
            public interface IAnnotated
            {
                Task<string> Strict(string text, int count);
                Task<string?> Lenient(string? text, [AllowNull] string allowed, int? count);
            }

            #nullable disable
            [Reply]
            public interface IOblivious { Task<string> Old(string text); }

            [Pipeline]
            public interface IObliviousStage { Task Take(string text); Task<string> Give(string text); }
            #nullable restore

            [Pipeline]
            public interface IAllowingStage { Task Take([AllowNull] string text); }

            [Pipeline]
            public interface IResultStage { Task<string> Strict(string text); Task<string?> Lenient(string text); Task<int> Count(string text); }
            """;

        var reply = GeneratorHarness.Generate(new ReplyGenerator(), Contract).ToDictionary(file => file.HintName, file => file.SourceText.ToString());
        var pipeline = GeneratorHarness.Generate(new PipelineGenerator(), Contract).ToDictionary(file => file.HintName, file => file.SourceText.ToString());

        Assert.Contains("Strict = new(\"Strict\", resultNullable: false);", reply["IAnnotated.Client.g.cs"]);
        Assert.Contains("Lenient = new(\"Lenient\");", reply["IAnnotated.Client.g.cs"]);
        Assert.Contains("target.Strict(call.Argument<string>(0, nullable: false), call.Argument<int>(1))", reply["IAnnotated.Server.g.cs"]);
        Assert.Contains("target.Lenient(call.Argument<string?>(0), call.Argument<string>(1), call.Argument<int?>(2))", reply["IAnnotated.Server.g.cs"]);
        Assert.Contains("Old = new(\"Old\");", reply["IOblivious.Client.g.cs"]);
        Assert.Contains("target.Old(call.Argument<string>(0))", reply["IOblivious.Server.g.cs"]);
        Assert.Contains("target.Take(input.Read<string>())", pipeline["IObliviousStage.Worker.g.cs"]);
        Assert.Contains("target.Take(input.Read<string>())", pipeline["IAllowingStage.Worker.g.cs"]);
        Assert.Contains("new[] { \"Strict\", \"Lenient\", \"Count\" }, nonNullableResults: new[] { \"Strict\" }))", pipeline["IResultStage.Collector.g.cs"]);
        Assert.Contains("new[] { \"Give\" }))", pipeline["IObliviousStage.Collector.g.cs"]);
    }

    [Fact]
    public void Obsolete_operations_and_types_and_members_MessagePack_cannot_construct_from_make_code_that_compiles()
    {
        const string Contract = Usings + """
            public class ByRef
            {
                public ByRef(ref int a) => A = a;

                public ByRef() { }

                public int A { get; set; }
            }

            public record Loose(dynamic D);

            public class Retired
            {
                [Obsolete("gone", true)]
                public int Old { get; set; }

                public int New { get; set; }
            }

            [Obsolete("use something else")]
            public record Old(int X);

            [Reply]
            public interface ICalc
            {
                [Obsolete("use Add2")]
                Task<int> Add(Old old, ByRef byRef, Loose loose, Retired retired, CancellationToken cancellationToken = default);
            }
            """;

        Assert.NotEmpty(GeneratorHarness.Generate(new ReplyGenerator(), Contract));
        Assert.NotEmpty(GeneratorHarness.Generate(new MessagePackFormatterGenerator(), Contract));
    }

    [Fact]
    public void An_operation_inherited_from_a_generic_interface_is_named_through_that_interface_in_doc_comments()
    {
        var generated = GeneratorHarness.Generate(new PipelineGenerator(), Usings + """
            public record Item(int X);

            public interface IStage<T> { Task<T> Process(T item, CancellationToken cancellationToken = default); }

            [Pipeline]
            public interface IItemStage : IStage<Item> { }
            """);

        var producer = generated.Single(file => file.HintName == "IItemStage.Producer.g.cs").SourceText.ToString();
        Assert.Contains("<see cref=\"global::IStage{T}.Process(T, global::System.Threading.CancellationToken)\"/>", producer);
    }

    [Fact]
    public void An_operation_with_a_helper_overload_is_named_by_its_parameters_in_doc_comments()
    {
        // Generate compiles the output with documentation diagnostics on: a cref to the bare name would be ambiguous (CS0419).
        var generated = GeneratorHarness.Generate(new PipelineGenerator(), Usings + """
            public record Number(int Value);
            public record Squared(int Value, int Square);

            [Pipeline]
            public interface ISquareStage
            {
                ValueTask<Squared> Square(Number number, CancellationToken cancellationToken = default);
                ValueTask<Squared> Square(int value) => Square(new Number(value));
                Task<Squared> Pair((int Value, string? Name) pair);
                Task<Squared> Pair(int value) => Pair((value, null));
                Task Log(Number number, CancellationToken cancellationToken = default);
                Task Log(int value) => Log(new Number(value));
            }
            """);

        var collector = generated.Single(file => file.HintName == "ISquareStage.Collector.g.cs").SourceText.ToString();
        Assert.Contains("<see cref=\"global::ISquareStage.Square(global::Number, global::System.Threading.CancellationToken)\"/>", collector);
        Assert.Contains("<see cref=\"global::ISquareStage.Pair(global::System.ValueTuple{int, string})\"/>", collector);
    }

    [Fact]
    public void A_generic_type_that_holds_itself_with_a_new_type_argument_ends_the_walk_instead_of_the_compiler()
    {
        const string Contract = Usings + """
            public record Node<T>(T Value, Node<Node<T>>? Next);

            [Reply]
            public interface ICalc { Task<Node<int>> A(CancellationToken cancellationToken = default); }
            """;

        Assert.NotEmpty(GeneratorHarness.Generate(new ReplyGenerator(), Contract));
        Assert.NotEmpty(GeneratorHarness.Generate(new MessagePackFormatterGenerator(), Contract));
    }
}
