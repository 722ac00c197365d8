using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests.RequestReply;

public class ReplyDiagnosticsTests
{
    private const string Usings = ContractSource.Usings;

    private static Task Verify(string markedSource) => DiagnosticMarkup.VerifyAsync(new ReplyContractAnalyzer(), Usings + markedSource);

    [Fact]
    public Task A_valid_contract_gets_only_the_suggestion_to_take_a_token() => Verify("""
        [Reply]
        public interface ICalculator
        {
            Task<int> Add(int a, int b, CancellationToken cancellationToken = default);
            [Idempotent]
            Task<int> {|ZMQ0018:Total|}();
            ValueTask {|ZMQ0018:Reset|}();
        }
        """);

    [Fact]
    public Task ZMQ0001_reply_on_a_class() => Verify("""
        [{|ZMQ0001:Reply|}]
        public class Calculator
        {
        }
        """);

    [Fact]
    public Task ZMQ0002_return_type_that_is_not_a_task() => Verify("""
        [Reply]
        public interface ICalculator
        {
            {|ZMQ0002:int|} Add(int a, int b);
            {|ZMQ0002:void|} Reset();
            {|ZMQ0002:IAsyncEnumerable<int>|} Count();
        }
        """);

    [Fact]
    public Task ZMQ0003_parameters_not_passed_by_value() => Verify("""
        [Reply]
        public interface ICalculator
        {
            Task Add({|ZMQ0003:ref int total|}, {|ZMQ0003:out int carry|}, {|ZMQ0003:in int addend|});
            Task Sum({|ZMQ0003:params int[] values|});
        }
        """);

    [Fact]
    public Task ZMQ0004_generic_operation_and_generic_contract() => Verify("""
        [Reply]
        public interface {|ZMQ0004:IStore|}<T>
        {
            Task Put(int value);
        }

        [Reply]
        public interface ICache
        {
            Task<T> {|ZMQ0004:Get|}<T>(string key);
        }

        public class Outer<T>
        {
            [Reply]
            public interface {|ZMQ0004:IInner|}
            {
                Task Put(int value);
            }
        }
        """);

    [Fact]
    public Task ZMQ0005_overloads() => Verify("""
        [Reply]
        public interface ICalculator
        {
            Task<int> Add(int a, int b);
            Task<long> {|ZMQ0005:Add|}(long a, long b);
        }
        """);

    [Fact]
    public async Task ZMQ0005_an_overload_across_a_base_interface_is_reported_where_the_contract_declares_it()
    {
        const string Marked = """
            public interface IBase
            {
                Task<int> Add(int a, int b);
                Task<int> Neg(int a);
            }

            public interface IOther
            {
                Task<int> Neg(long a);
            }

            [Reply]
            public interface ICalculator : IBase
            {
                Task<long> {|ZMQ0005:Add|}(long a, long b);
            }

            [Reply]
            public interface {|ZMQ0005:IBoth|} : IBase, IOther
            {
            }
            """;

        await Verify(Marked);
        Assert.Equal(
            [
                "ICalculator declares more than one operation named Add: give each a name of its own, because the wire addresses an operation by name",
                "IBoth declares more than one operation named Neg: give each a name of its own, because the wire addresses an operation by name",
            ],
            (await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Usings + Marked.Replace("{|ZMQ0005:", "").Replace("|}", "")))
                .Where(diagnostic => diagnostic.Id == "ZMQ0005")
                .Select(diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public Task ZMQ0006_properties_events_and_indexers() => Verify("""
        [Reply]
        public interface ICalculator
        {
            Task<int> Add(int a, int b);
            int {|ZMQ0006:Total|} { get; }
            event EventHandler {|ZMQ0006:Changed|};
            int {|ZMQ0006:this|}[int index] { get; }
            static abstract Task {|ZMQ0006:Create|}();
            static abstract ICalculator operator {|ZMQ0006:+|}(ICalculator left, ICalculator right);
        }

        [Reply]
        public interface IWithHelpers
        {
            Task<int> {|ZMQ0018:Add|}(int a, int b);
            Task<int> Double(int a) => Add(a, a);
            private Task<int> Triple(int a) => Add(a, Double(a).Result);
            int Answer => 42;
            static int Zero() => 0;
            static virtual Task Hook() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task ZMQ0007_types_that_cannot_be_serialized() => Verify("""
        [Reply]
        public interface IJobs
        {
            Task Run({|ZMQ0007:Func<int> work|});
            Task Wait({|ZMQ0007:Task pending|});
            {|ZMQ0007:Task<IDisposable>|} Open();
            Task Store({|ZMQ0007:List<Action> callbacks|});
            Task Fine(IReadOnlyList<int> numbers, object anything);
        }
        """);

    [Fact]
    public Task ZMQ0007_looks_inside_records_classes_and_their_collections() => Verify("""
        [Reply]
        public interface IShop
        {
            Task Place({|ZMQ0007:Order order|});
            {|ZMQ0007:Task<Dictionary<string, Receipt[]>>|} Receipts();
            Task Remind({|ZMQ0007:Reminder reminder|});
            Task Fine(Fine fine);
        }

        public record Order(int Id, Attachment? Attachment);
        public record Attachment(string Name, System.IO.Stream Content);
        public class Receipt { public Action? Printed { get; set; } }
        public struct Reminder { public unsafe int* Address; }
        public record Fine(IReadOnlyList<Fine> Parts, object Anything, [property: MessagePack.IgnoreMember] Func<int>? Ignored)
        {
            public Func<int> Computed => () => 1;
            private Action? Hidden { get; set; }
        }
        """);

    [Fact]
    public async Task ZMQ0006_names_what_kind_of_member_it_is()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Usings + """
            public interface IBase { Task<int> Keep(int a, CancellationToken cancellationToken = default); }

            [Reply]
            public interface ICalculator : IBase
            {
                abstract Task<int> IBase.Keep(int a, CancellationToken cancellationToken);
                static abstract ICalculator operator +(ICalculator left, ICalculator right);
                static abstract explicit operator int(ICalculator calculator);
            }
            """);

        Assert.Equal(
            [
                "ICalculator declares the reabstraction of IBase.Keep, which a remote peer cannot implement: replace it with an operation (a method returning a task), or give it a body",
                "ICalculator declares the static operator op_Addition, which a remote peer cannot implement: replace it with an operation (a method returning a task), or give it a body",
                "ICalculator declares the static conversion operator op_Explicit, which a remote peer cannot implement: replace it with an operation (a method returning a task), or give it a body",
            ],
            diagnostics.Where(diagnostic => diagnostic.Id == "ZMQ0006").Select(diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ZMQ0007_names_the_member_path_to_the_type()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Usings + """
            [Reply]
            public interface IShop
            {
                Task Place(Order order);
                Task Send(ReadOnlyMemory<byte> data, List<Func<int>> work);
            }

            public record Order(int Id, List<Line> Lines);
            public record Line(string Sku, System.IO.MemoryStream Attachment);
            """);

        Assert.Equal(
            [
                "Parameter 'order' of IShop.Place: Order.Lines.Attachment: System.IO.MemoryStream cannot be serialized: a stream is a handle on data, not data; send its bytes as byte[] or ReadOnlyMemory<byte>",
                "Parameter 'work' of IShop.Send: System.Func<int> cannot be serialized: a delegate is code, not data",
            ],
            diagnostics.Select(diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ZMQ0007_a_Type_has_a_reason_of_its_own()
    {
        const string Marked = """
            [Reply]
            public interface IPlugins
            {
                Task Load({|ZMQ0007:Type pluginType|});
                {|ZMQ0007:Task<Plugin>|} Find(string name);
            }

            public record Plugin(string Name, System.Reflection.TypeInfo Info);
            """;

        await Verify(Marked);
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Usings + Marked.Replace("{|ZMQ0007:", "").Replace("|}", ""));

        Assert.Equal(
            [
                "Parameter 'pluginType' of IPlugins.Load: System.Type cannot be serialized: a Type describes code in this process, not data: a peer in another language has none, and one loaded by a name a peer sent would let that peer choose the code; send a name or an enum that the receiver maps to the types it allows",
                "The result of IPlugins.Find: Plugin.Info: System.Reflection.TypeInfo cannot be serialized: a Type describes code in this process, not data: a peer in another language has none, and one loaded by a name a peer sent would let that peer choose the code; send a name or an enum that the receiver maps to the types it allows",
            ],
            diagnostics.Select(diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public Task ZMQ0008_contract_nested_in_a_private_type() => Verify("""
        public class Outer
        {
            private class Hidden
            {
                [Reply]
                public interface {|ZMQ0008:ICalculator|}
                {
                    Task<int> Add(int a, int b);
                }
            }
        }
        """);

    [Fact]
    public Task ZMQ0009_cancellation_token_not_last() => Verify("""
        [Reply]
        public interface ICalculator
        {
            Task<int> Add({|ZMQ0009:CancellationToken cancellationToken|}, int a);
        }
        """);

    [Fact]
    public Task ZMQ0010_contract_without_operations() => Verify("""
        [Reply]
        public interface {|ZMQ0010:INothing|}
        {
        }
        """);

    [Fact]
    public Task ZMQ0011_operation_named_like_a_generated_member() => Verify("""
        [Reply]
        public interface IConnection
        {
            Task {|ZMQ0011:Dispose|}();
            Task<string> {|ZMQ0011:Endpoint|}();
            Task {|ZMQ0011:ConnectionClient|}();
            Task<bool> {|ZMQ0011:IsConnected|}();
            Task {|ZMQ0011:ConnectionChanged|}();
            Task {|ZMQ0011:Connection|}();
        }
        """);

    [Fact]
    public Task ZMQ0012_a_format_outside_the_enum() => Verify("""
        [{|ZMQ0012:Reply(Format = (ZmqFormat)7)|}]
        public interface ICalculator
        {
            Task<int> Add(int a, int b);
        }
        """);

    [Fact]
    public Task ZMQ0013_a_raw_contract_carrying_more_than_bytes_and_strings() => Verify("""
        [Reply(Format = ZmqFormat.Raw)]
        public interface IFiles
        {
            Task<byte[]> Read(string path);
            Task<ReadOnlyMemory<byte>> Head(Memory<byte> prefix, string? name, CancellationToken cancellationToken);
            {|ZMQ0013:Task<int>|} Size(string path);
            Task Write(string path, {|ZMQ0013:List<byte> data|});
        }
        """);

    [Fact]
    public Task ZMQ0016_no_operation_frame_on_a_contract_of_two_operations() => Verify("""
        [{|ZMQ0016:Reply(Format = ZmqFormat.Raw, OperationFrame = false)|}]
        public interface IPlain
        {
            Task<byte[]> Send(byte[] message, CancellationToken cancellationToken = default);
            Task<byte[]> Echo(byte[] message);
        }
        """);

    [Fact]
    public Task ZMQ0020_what_is_obsolete_as_an_error() => Verify("""
        [Obsolete("gone", true)]
        public record Old(int X);

        [Reply]
        public interface IOperations
        {
            [Obsolete("gone", true)]
            Task<int> {|ZMQ0020:Add|}(int a, CancellationToken cancellationToken = default);

            [Obsolete("gone")]
            Task<int> Sub(int a, CancellationToken cancellationToken = default);

            [Obsolete("use New")]
            Task Send({|ZMQ0020:List<Old> olds|}, CancellationToken cancellationToken = default);

            [Obsolete("use New")]
            {|ZMQ0020:Task<Old[]>|} Get(CancellationToken cancellationToken = default);
        }

        [Obsolete("gone", true)]
        [Reply]
        public interface {|ZMQ0020:IRetired|} { Task<int> Add(int a, CancellationToken cancellationToken = default); }

        [Obsolete("gone", true)]
        public static class Retired
        {
            [Reply]
            public interface {|ZMQ0020:IInside|} { Task<int> Add(int a, CancellationToken cancellationToken = default); }
        }
        """);

    [Fact]
    public async Task ZMQ0020_says_which_generated_types_would_use_it_and_they_are_not_generated()
    {
        const string Contract = Usings + """
            [Reply]
            public interface ICalculator
            {
                [Obsolete("Use Sum", true)]
                Task<int> Add(int a, int b, CancellationToken cancellationToken = default);
            }
            """;

        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Contract);

        Assert.Equal(
            "ICalculator.Add is [Obsolete] as an error, so the generated client and server cannot use it (CS0619): make the [Obsolete] a warning, or take it out of the contract",
            Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(GeneratorHarness.Generate(new ReplyGenerator(), Contract));
    }

    [Fact]
    public Task ZMQ0018_an_operation_without_a_token_in_a_contract_without_errors() => Verify("""
        [Reply]
        public interface IReports
        {
            Task<int> {|ZMQ0018:Count|}(int year);
            ValueTask {|ZMQ0018:Reset|}();
            Task<int> Sum(int year, CancellationToken cancellationToken = default);
            Task Flush(CancellationToken cancellationToken);
        }

        [Reply]
        public interface IBroken
        {
            Task<int> Count(int year);
            {|ZMQ0002:int|} Size();
        }
        """);

    [Fact]
    public Task ZMQ0016_no_operation_frame_on_an_operation_of_two_arguments() => Verify("""
        [{|ZMQ0016:Reply(Format = ZmqFormat.Raw, OperationFrame = false)|}]
        public interface IPlain
        {
            Task<byte[]> Send(byte[] message, string note);
        }
        """);

    [Fact]
    public Task No_operation_frame_on_one_operation_of_one_argument_is_quiet() => Verify("""
        [Reply(Format = ZmqFormat.Raw, OperationFrame = false)]
        public interface IPlain
        {
            Task<byte[]> Send(byte[] message, CancellationToken cancellationToken = default);
        }
        """);

    [Fact]
    public async Task ZMQ0018_says_what_an_operation_without_a_token_misses()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Usings + """
            [Reply]
            public interface IReports
            {
                Task<int> Count(int year);
            }
            """);

        var suggestion = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Info, suggestion.Severity);
        Assert.Equal(
            "IReports.Count takes no CancellationToken, so its callers cannot cancel a call (only the client's timeout ends it), and its implementation cannot see the server cancel it at shutdown, once the drain timeout has run out: add CancellationToken cancellationToken = default as its last parameter",
            suggestion.GetMessage());
    }

    [Fact]
    public void Names_that_could_clash_in_generated_code_do_not()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            public static class Billing
            {
                [Reply]
                public interface ICalc { Task<int> _connection(int request); }
            }

            public static class Payroll
            {
                [Reply]
                public interface ICalc { Task<int> Add(int _connection, int implementation, CancellationToken cancellationToken); }
            }
            """);

        Assert.Equal(
            ["Billing.ICalc.Client.g.cs", "Billing.ICalc.Server.g.cs", "Payroll.ICalc.Client.g.cs", "Payroll.ICalc.Server.g.cs"],
            generated.Select(file => file.HintName).Order());
        Assert.Contains("class BillingCalcClient", generated[0].SourceText.ToString());
    }

    [Fact]
    public Task ZMQ0014_a_type_named_like_a_generated_client_or_server() => Verify("""
        namespace Demo
        {
            [Reply]
            public interface {|ZMQ0014:IPricing|}
            {
                Task<decimal> Quote(string symbol, CancellationToken cancellationToken = default);
            }

            public class PricingClient { }

            [Reply]
            public interface {|ZMQ0014:IQuotes|}
            {
                Task<decimal> {|ZMQ0018:Last|}(string symbol);
            }

            public record struct QuotesServer(int Port);

            [Reply]
            public interface ICatalog
            {
                Task<string> {|ZMQ0018:Name|}(int id);
            }

            public partial class CatalogClient
            {
                public string Describe() => Endpoint;
            }

            public class CatalogServer<T> { }

            [Reply]
            public interface IBroken
            {
                {|ZMQ0002:int|} Count();
            }

            public class BrokenClient { }
        }

        namespace Elsewhere
        {
            public class CatalogServer { }
        }
        """);

    [Fact]
    public async Task ZMQ0014_two_contracts_whose_generated_types_take_one_name()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Usings + """
            namespace Demo
            {
                [Reply]
                public interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); }

                [Reply]
                public interface Calc { Task<int> Sub(int a, CancellationToken cancellationToken = default); }
            }
            """);

        Assert.Equal(
            [
                "The client generated for ICalc would be named CalcClient, but the client generated for interface Demo.Calc has that name: rename it or the contract; until then the generator writes no client for ICalc",
                "The server generated for ICalc would be named CalcServer, but the server generated for interface Demo.Calc has that name: rename it or the contract; until then the generator writes no server for ICalc",
            ],
            diagnostics.Select(diagnostic => diagnostic.GetMessage()).Order());
    }

    [Fact]
    public async Task ZMQ0014_a_namespace_named_like_a_generated_type()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Usings + """
            namespace Demo
            {
                [Reply]
                public interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); }
            }

            namespace Demo.CalcClient
            {
                public class Cache { }
            }
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(
            "The client generated for ICalc would be named CalcClient, but the namespace Demo.CalcClient has that name: rename it or the contract; until then the generator writes no client for ICalc",
            diagnostic.GetMessage());
        var namespaceName = diagnostic.AdditionalLocations.Single();
        Assert.Equal("CalcClient", namespaceName.SourceTree!.GetText().ToString(namespaceName.SourceSpan));
    }

    [Theory]
    [InlineData("namespace Demo.CalcServer { public class Cache { } }", "namespace Demo.CalcServer")]
    [InlineData("namespace Demo { public class CalcServer { } }", "class Demo.CalcServer")]
    [InlineData("namespace Demo { internal class CalcServer { } }", null)]
    public async Task ZMQ0014_a_reference_holds_a_namespace_or_a_visible_type_named_like_a_generated_type(string library, string? holder)
    {
        // The generated type would hide it, and every use of the name would warn (CS0437, CS0436); an internal type it does not meet.
        using var image = new System.IO.MemoryStream();
        Assert.True(GeneratorHarness.Compile(library).Emit(image).Success);
        var contract = GeneratorHarness.Compile(Usings + """
            namespace Demo
            {
                [Reply]
                public interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); }
            }
            """).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        var diagnostics = await contract.WithAnalyzers([new ReplyContractAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        Assert.Equal(
            holder is null ? [] : [$"The server generated for ICalc would be named CalcServer, but the {holder} has that name: rename it or the contract; until then the generator writes no server for ICalc"],
            diagnostics.Select(diagnostic => diagnostic.GetMessage()));
    }

    [Fact]
    public void The_generator_skips_a_generated_type_whose_name_a_namespace_has()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            namespace Demo
            {
                [Reply]
                public interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); }
            }

            namespace Demo.CalcClient
            {
                public class Cache { }
            }
            """);

        Assert.Equal(["Demo.ICalc.Server.g.cs"], generated.Select(file => file.HintName));
    }

    [Fact]
    public void The_generator_skips_a_generated_type_whose_name_a_user_type_has_and_writes_the_others()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            namespace Demo;

            [Reply]
            public interface IPricing
            {
                Task<decimal> Quote(string symbol, CancellationToken cancellationToken = default);
            }

            public sealed class PricingClient(string endpoint)
            {
                public string Endpoint { get; } = endpoint;
            }
            """);

        Assert.Equal(["Demo.IPricing.Server.g.cs"], generated.Select(file => file.HintName));
    }

    [Fact]
    public void The_generator_emits_nothing_for_an_invalid_contract_and_does_not_throw()
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), Usings + """
            [Reply]
            public interface IBroken
            {
                int Add(ref int a);
                Task<T> Get<T>();
                event EventHandler Changed;
            }

            [Reply]
            public class NotAnInterface { }
            """);
        Assert.Empty(generated);
    }
}
