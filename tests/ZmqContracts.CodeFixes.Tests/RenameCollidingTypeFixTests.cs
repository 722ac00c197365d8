using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Microsoft.CodeAnalysis;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.CodeFixes.Tests;

public class RenameCollidingTypeFixTests
{
    [Fact]
    public Task The_users_class_and_its_references_get_the_first_free_name() =>
        CodeFixTest<ReplyContractAnalyzer, RenameCollidingTypeFix>.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            namespace Demo;

            [Reply]
            public interface {|#0:IPricing|}
            {
                Task<decimal> Quote(string symbol, CancellationToken cancellationToken = default);
            }

            public class {|#1:PricingClient|}
            {
                public static PricingClient Create() => new PricingClient();
            }

            public class PricingClient1 { }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            namespace Demo;

            [Reply]
            public interface IPricing
            {
                Task<decimal> Quote(string symbol, CancellationToken cancellationToken = default);
            }

            public class PricingClient2
            {
                public static PricingClient2 Create() => new PricingClient2();
            }

            public class PricingClient1 { }
            """,
            new DiagnosticResult("ZMQ0014", DiagnosticSeverity.Error)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments("client", "IPricing", "PricingClient", "class Demo.PricingClient"));

    [Fact]
    public Task A_colliding_worker_enum_is_renamed() =>
        CodeFixTest<PipelineAnalyzer, RenameCollidingTypeFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            [Pipeline]
            public interface {|#0:IThumbnails|}
            {
                Task {|ZMQ0018:Make|}(byte[] image);
            }

            public enum {|#1:ThumbnailsWorker|} { Small, Large }
            """, """
            using System.Threading.Tasks;
            using ZmqContracts;

            [Pipeline]
            public interface IThumbnails
            {
                Task {|ZMQ0018:Make|}(byte[] image);
            }

            public enum ThumbnailsWorker1 { Small, Large }
            """,
            new DiagnosticResult("ZMQ0014", DiagnosticSeverity.Error)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments("worker", "IThumbnails", "ThumbnailsWorker", "enum ThumbnailsWorker"));

    [Fact]
    public Task A_name_another_contracts_generated_type_takes_gets_no_rename()
    {
        // Renaming Calc would hand its generated CalcClient to ICalc, and User would bind to that one without a word.
        const string Source = """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            namespace Demo;

            [Reply]
            public interface {|#0:ICalc|}
            {
                Task<int> Add(int a, int b, CancellationToken cancellationToken = default);
            }

            [Reply]
            public interface {|#1:Calc|}
            {
                Task<int> Sub(int a, int b, CancellationToken cancellationToken = default);
            }
            """;
        return CodeFixTest<ReplyContractAnalyzer, RenameCollidingTypeFix>.VerifyAsync(
            Source,
            Source,
            new DiagnosticResult("ZMQ0014", DiagnosticSeverity.Error)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments("client", "ICalc", "CalcClient", "client generated for interface Demo.Calc"),
            new DiagnosticResult("ZMQ0014", DiagnosticSeverity.Error)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments("server", "ICalc", "CalcServer", "server generated for interface Demo.Calc"));
    }
}
