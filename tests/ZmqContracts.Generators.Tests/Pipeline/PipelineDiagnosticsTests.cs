using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using ZmqContracts.Generators.Pipeline;

namespace ZmqContracts.Generators.Tests.Pipeline;

public class PipelineDiagnosticsTests
{
    private const string Usings = ContractSource.Usings;

    private static Task Verify(string markedSource) => DiagnosticMarkup.VerifyAsync(new PipelineAnalyzer(), Usings + markedSource);

    [Fact]
    public Task ZMQ0013_a_raw_stage_carries_bytes_and_strings() => DiagnosticMarkup.VerifyAsync(new PipelineAnalyzer(), Usings + """
        [Pipeline(Format = ZmqFormat.Raw)]
        public interface ILines
        {
            ValueTask<string> {|ZMQ0018:Upper|}(string line);
        }

        [Pipeline(Format = ZmqFormat.Raw)]
        public interface IRecords
        {
            ValueTask<string> Describe({|ZMQ0013:Line line|});
        }

        public record Line(string Text);
        """);

    [Fact]
    public Task A_valid_stage_gets_only_the_suggestion_to_take_a_token() => Verify("""
        [Pipeline]
        public interface IWorkStage
        {
            ValueTask<string> Process(int item, CancellationToken cancellationToken = default);
            Task {|ZMQ0018:Log|}(string line);
            Task {|ZMQ0018:IsConnected|}(bool connected);
        }
        """);

    [Fact]
    public Task ZMQ0201_pipeline_on_a_class_or_struct() => Verify("""
        [{|ZMQ0201:Pipeline|}]
        public class WorkStage
        {
        }

        [{|ZMQ0201:Pipeline|}]
        public struct Job
        {
        }
        """);

    [Fact]
    public Task ZMQ0202_operation_without_exactly_one_item() => Verify("""
        [Pipeline]
        public interface IWorkStage
        {
            Task<int> {|ZMQ0202:Add|}(int a, int b);
            Task {|ZMQ0202:Tick|}();
            Task {|ZMQ0202:Wait|}(CancellationToken cancellationToken);
        }
        """);

    [Fact]
    public Task ZMQ0203_idempotent_on_a_stage_operation() => Verify("""
        [Pipeline]
        public interface IWorkStage
        {
            [{|ZMQ0203:Idempotent|}]
            ValueTask<string> {|ZMQ0018:Process|}(int item);
            Task {|ZMQ0018:Log|}(string line);
        }
        """);

    [Fact]
    public Task Shared_checks_keep_their_request_reply_ids() => Verify("""
        [Pipeline]
        public interface {|ZMQ0004:IStage|}<T>
        {
            {|ZMQ0002:int|} Count(int item);
            Task Move({|ZMQ0003:ref int item|});
            Task<T> {|ZMQ0004:Get|}<T>(string key);
            Task Put(int item);
            Task {|ZMQ0005:Put|}(long item);
            int {|ZMQ0006:Total|} { get; }
            Task Run({|ZMQ0007:Func<int> work|});
            Task Late({|ZMQ0009:CancellationToken cancellationToken|}, int item);
            Task {|ZMQ0011:Dispose|}(int item);
            Task {|ZMQ0011:PendingItems|}(int item);
            Task {|ZMQ0011:ItemsRedelivered|}(int item);
            Task {|ZMQ0011:ItemsAbandoned|}(int item);
            Task {|ZMQ0011:Producer|}(int item);
        }
        """);

    [Fact]
    public Task ZMQ0008_stage_nested_in_a_private_type() => Verify("""
        public class Outer
        {
            private class Hidden
            {
                [Pipeline]
                public interface {|ZMQ0008:IWorkStage|}
                {
                    Task<int> Process(int item);
                }
            }
        }
        """);

    [Fact]
    public Task ZMQ0010_stage_without_operations() => Verify("""
        [Pipeline]
        public interface {|ZMQ0010:IIdle|}
        {
        }
        """);

    [Fact]
    public async Task Messages_name_the_pipeline_types()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new PipelineAnalyzer(), Usings + """
            [Pipeline]
            public interface IIdle
            {
            }

            [Pipeline]
            public interface IWorkStage
            {
                Task<int> Add(int a, int b);
                Task Endpoint(int item);
            }
            """);
        Assert.Collection(
            diagnostics,
            idle => Assert.Equal("IIdle declares no operations: the generated producer, worker and collector would do nothing", idle.GetMessage()),
            add => Assert.Equal("IWorkStage.Add takes 2 parameters besides a CancellationToken: a stage operation takes exactly one item, the message a worker receives", add.GetMessage()),
            endpoint => Assert.Equal("IWorkStage.Endpoint is named Endpoint, a name the generated producer uses itself: rename the operation", endpoint.GetMessage()));
    }

    [Fact]
    public async Task ZMQ0018_a_stage_operation_without_a_token_misses_the_workers_shutdown()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new PipelineAnalyzer(), Usings + """
            [Pipeline]
            public interface IResize
            {
                Task<byte[]> Resize(byte[] image);
                Task Log(string line, CancellationToken cancellationToken);
            }
            """);

        var suggestion = Assert.Single(diagnostics);
        Assert.Equal(("ZMQ0018", DiagnosticSeverity.Info), (suggestion.Id, suggestion.Severity));
        Assert.Equal(
            "IResize.Resize takes no CancellationToken, so its implementation cannot see the worker cancel it at shutdown, once the drain timeout has run out (the producer's method takes a token either way): add CancellationToken cancellationToken = default as its last parameter",
            suggestion.GetMessage());
    }

    [Fact]
    public Task ZMQ0014_a_type_named_like_a_generated_producer_worker_or_collector() => Verify("""
        [Pipeline]
        public interface {|ZMQ0014:IResize|}
        {
            Task<byte[]> {|ZMQ0018:Resize|}(byte[] image);
        }

        public record ResizeCollector(int Count);

        [Pipeline]
        public interface {|ZMQ0014:IThumbnails|}
        {
            Task {|ZMQ0018:Make|}(byte[] image);
        }

        public enum ThumbnailsWorker { Small, Large }

        [Pipeline]
        public interface IAuditSink
        {
            Task {|ZMQ0018:Record|}(string line);
        }

        public class AuditSinkCollector { }
        """);

    [Fact]
    public void The_generator_skips_a_generated_type_whose_name_a_user_type_has_and_writes_the_others()
    {
        var generated = GeneratorHarness.Generate(new PipelineGenerator(), Usings + """
            [Pipeline]
            public interface IResize
            {
                Task<byte[]> Resize(byte[] image);
            }

            public delegate void ResizeWorker(byte[] image);
            """);

        Assert.Equal(["IResize.Collector.g.cs", "IResize.Producer.g.cs"], generated.Select(file => file.HintName).Order());
    }

    [Fact]
    public void The_generator_emits_nothing_for_an_invalid_stage_and_does_not_throw()
    {
        var generated = GeneratorHarness.Generate(new PipelineGenerator(), Usings + """
            [Pipeline]
            public interface IBroken
            {
                Task<int> Add(int a, int b);
                Task Tick();
                int Count(ref int item);
                event EventHandler Changed;
            }

            [Pipeline]
            public class NotAnInterface { }
            """);
        Assert.Empty(generated);
    }
}
