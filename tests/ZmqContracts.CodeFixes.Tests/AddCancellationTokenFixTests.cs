using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.CodeFixes.Tests;

public class AddCancellationTokenFixTests
{
    [Fact]
    public Task The_operation_and_its_implementations_get_a_token_and_the_file_the_using() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface IReports
            {
                Task<Report> {|ZMQ0018:Build|}(int year, string region);
            }

            public record Report(int Year, decimal Revenue);

            public sealed class Reports : IReports
            {
                public Task<Report> Build(int year, string region) => Task.FromResult(new Report(year, 0m));
            }

            public sealed class ExplicitReports : IReports
            {
                Task<Report> IReports.Build(int year, string region) => Task.FromResult(new Report(year, 1m));
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface IReports
            {
                Task<Report> Build(int year, string region, CancellationToken cancellationToken = default);
            }

            public record Report(int Year, decimal Revenue);

            public sealed class Reports : IReports
            {
                public Task<Report> Build(int year, string region, CancellationToken cancellationToken = default) => Task.FromResult(new Report(year, 0m));
            }

            public sealed class ExplicitReports : IReports
            {
                Task<Report> IReports.Build(int year, string region, CancellationToken cancellationToken) => Task.FromResult(new Report(year, 1m));
            }
            """);

    [Fact]
    public Task A_method_that_implements_two_contracts_and_a_plain_interface_gets_one_token_and_so_do_all_three() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface IReports
            {
                Task<int> {|ZMQ0018:Count|}(int year);
            }

            [Reply]
            public interface IArchive
            {
                Task<int> {|ZMQ0018:Count|}(int year);
            }

            public interface IPlain
            {
                Task<int> Count(int year);
            }

            public sealed class All : IReports, IArchive, IPlain
            {
                public Task<int> Count(int year) => Task.FromResult(year);
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface IReports
            {
                Task<int> Count(int year, CancellationToken cancellationToken = default);
            }

            [Reply]
            public interface IArchive
            {
                Task<int> Count(int year, CancellationToken cancellationToken = default);
            }

            public interface IPlain
            {
                Task<int> Count(int year, CancellationToken cancellationToken = default);
            }

            public sealed class All : IReports, IArchive, IPlain
            {
                public Task<int> Count(int year, CancellationToken cancellationToken = default) => Task.FromResult(year);
            }
            """);

    [Fact]
    public Task An_operation_without_parameters_gets_the_token_alone_and_an_existing_using_is_kept_single() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface IClock
            {
                Task<long> {|ZMQ0018:Now|}();
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface IClock
            {
                Task<long> Now(CancellationToken cancellationToken = default);
            }
            """);

    [Fact]
    public Task A_stage_operation_gets_a_name_no_method_uses_on_a_line_of_its_own() =>
        CodeFixTest<PipelineAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            [Pipeline]
            public interface IResize
            {
                Task<int> {|ZMQ0018:Resize|}(
                    int cancellationToken);
            }

            public sealed class Resizer : IResize
            {
                private readonly int cancellationToken1 = 2;

                public Task<int> Resize(int width)
                {
                    var cancellationToken = width * cancellationToken1;
                    return Task.FromResult(cancellationToken);
                }
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Pipeline]
            public interface IResize
            {
                Task<int> Resize(
                    int cancellationToken,
                    CancellationToken cancellationToken1 = default);
            }

            public sealed class Resizer : IResize
            {
                private readonly int cancellationToken1 = 2;

                public Task<int> Resize(int width, CancellationToken cancellationToken2 = default)
                {
                    var cancellationToken = width * cancellationToken1;
                    return Task.FromResult(cancellationToken);
                }
            }
            """);

    [Fact]
    public Task A_type_of_the_users_named_CancellationToken_keeps_the_token_qualified() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            namespace Demo;

            public record CancellationToken(string Text);

            [Reply]
            public interface IVouchers
            {
                Task<bool> {|ZMQ0018:Redeem|}(CancellationToken voucher);
            }
            """, """
            using System.Threading.Tasks;
            using ZmqContracts;

            namespace Demo;

            public record CancellationToken(string Text);

            [Reply]
            public interface IVouchers
            {
                Task<bool> Redeem(CancellationToken voucher, System.Threading.CancellationToken cancellationToken = default);
            }
            """);

    [Fact]
    public Task Fixing_every_operation_at_once_adds_the_using_once() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface ICalculator
            {
                ValueTask<int> {|ZMQ0018:Negate|}(int value);
                Task {|ZMQ0018:Reset|}();
            }

            public sealed class Calculator : ICalculator
            {
                public ValueTask<int> Negate(int value) => ValueTask.FromResult(-value);
                public Task Reset() => Task.CompletedTask;
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface ICalculator
            {
                ValueTask<int> Negate(int value, CancellationToken cancellationToken = default);
                Task Reset(CancellationToken cancellationToken = default);
            }

            public sealed class Calculator : ICalculator
            {
                public ValueTask<int> Negate(int value, CancellationToken cancellationToken = default) => ValueTask.FromResult(-value);
                public Task Reset(CancellationToken cancellationToken = default) => Task.CompletedTask;
            }
            """);

    [Fact]
    public Task Fixing_every_operation_of_two_contracts_in_two_files_without_the_using_fixes_them_all() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync(
            [
                """
                using System.Threading.Tasks;
                using ZmqContracts;

                [Reply] public interface ICalc { Task<int> {|ZMQ0018:Add|}(int a); Task<int> {|ZMQ0018:Mul|}(int a, int b); }
                [Reply] public interface IStage { Task {|ZMQ0018:Run|}(int a); }
                """,
                """
                using System.Threading.Tasks;

                public sealed class Calc : ICalc
                {
                    public Task<int> Add(int a) => Task.FromResult(a);
                    Task<int> ICalc.Mul(int a, int b) => Task.FromResult(a * b);
                }

                public class Stage : IStage { public virtual Task Run(int a) => Task.CompletedTask; }
                public class Stage2 : Stage { public override Task Run(int a) => Task.CompletedTask; }
                """,
            ],
            [
                """
                using System.Threading;
                using System.Threading.Tasks;
                using ZmqContracts;

                [Reply] public interface ICalc { Task<int> Add(int a, CancellationToken cancellationToken = default); Task<int> Mul(int a, int b, CancellationToken cancellationToken = default); }
                [Reply] public interface IStage { Task Run(int a, CancellationToken cancellationToken = default); }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                public sealed class Calc : ICalc
                {
                    public Task<int> Add(int a, CancellationToken cancellationToken = default) => Task.FromResult(a);
                    Task<int> ICalc.Mul(int a, int b, CancellationToken cancellationToken) => Task.FromResult(a * b);
                }

                public class Stage : IStage { public virtual Task Run(int a, CancellationToken cancellationToken = default) => Task.CompletedTask; }
                public class Stage2 : Stage { public override Task Run(int a, CancellationToken cancellationToken = default) => Task.CompletedTask; }
                """,
            ]);

    [Fact]
    public Task Overrides_of_an_implementation_get_the_token_too() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface ICalc
            {
                Task<int> {|ZMQ0018:Add|}(int a, int b);
            }

            public abstract class CalcBase : ICalc
            {
                public abstract Task<int> Add(int a, int b);
            }

            public class Calc : CalcBase
            {
                public override Task<int> Add(int a, int b) => Task.FromResult(a + b);
            }

            public sealed class LoggedCalc : Calc
            {
                public override Task<int> Add(int a, int b) => base.Add(a, b);
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface ICalc
            {
                Task<int> Add(int a, int b, CancellationToken cancellationToken = default);
            }

            public abstract class CalcBase : ICalc
            {
                public abstract Task<int> Add(int a, int b, CancellationToken cancellationToken = default);
            }

            public class Calc : CalcBase
            {
                public override Task<int> Add(int a, int b, CancellationToken cancellationToken = default) => Task.FromResult(a + b);
            }

            public sealed class LoggedCalc : Calc
            {
                public override Task<int> Add(int a, int b, CancellationToken cancellationToken = default) => base.Add(a, b);
            }
            """);

    [Fact]
    public Task A_comment_after_the_last_comma_stays_on_its_parameter() =>
        CodeFixTest<ReplyContractAnalyzer, AddCancellationTokenFix>.VerifyAsync("""
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface ICalc
            {
                Task<int> {|ZMQ0018:Add|}(int a, // first
                              int b /* second */);
            }
            """, """
            using System.Threading;
            using System.Threading.Tasks;
            using ZmqContracts;

            [Reply]
            public interface ICalc
            {
                Task<int> Add(int a, // first
                              int b /* second */,
                              CancellationToken cancellationToken = default);
            }
            """);
}
