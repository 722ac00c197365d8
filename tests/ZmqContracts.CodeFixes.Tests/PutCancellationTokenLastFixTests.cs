using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.CodeFixes.Tests;

public class PutCancellationTokenLastFixTests
{
    private static Task Verify(string source, string fixedSource, params DiagnosticResult[] expected) =>
        CodeFixTest<ReplyContractAnalyzer, PutCancellationTokenLastFix>.VerifyAsync(source, fixedSource, expected);

    /// <summary>The diagnostics are reported and no fix is offered: the source stays as it is.</summary>
    private static Task VerifyNoFix(string source) => Verify(source, source);

    [Fact]
    public Task The_token_moves_last_with_a_default_and_implementations_follow() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface IReports
        {
            Task<Report> Build({|ZMQ0009:CancellationToken cancellationToken|}, int year, string region);
        }

        public record Report(int Year, decimal Revenue);

        public sealed class Reports : IReports
        {
            public Task<Report> Build(CancellationToken token, int year, string region) => Task.FromResult(new Report(year, 0m));
        }

        public sealed class ExplicitReports : IReports
        {
            Task<Report> IReports.Build(CancellationToken token, int year, string region) => Task.FromResult(new Report(year, 1m));
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
            public Task<Report> Build(int year, string region, CancellationToken token) => Task.FromResult(new Report(year, 0m));
        }

        public sealed class ExplicitReports : IReports
        {
            Task<Report> IReports.Build(int year, string region, CancellationToken token) => Task.FromResult(new Report(year, 1m));
        }
        """);

    [Fact]
    public Task A_token_with_a_default_keeps_it_across_lines() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface IClock
        {
            Task<long> Now(
                {|ZMQ0009:CancellationToken cancellationToken = default|},
                int zone{|CS1737:)|};
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface IClock
        {
            Task<long> Now(
                int zone,
                CancellationToken cancellationToken = default);
        }
        """);

    [Fact]
    public Task Two_tokens_get_no_fix_because_which_one_to_keep_is_the_users_choice() => VerifyNoFix("""
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface IClock
        {
            Task<long> Now({|ZMQ0009:CancellationToken first|}, int zone, CancellationToken second);
        }
        """);

    [Fact]
    public Task A_params_parameter_gets_no_fix_because_nothing_can_follow_it() => VerifyNoFix("""
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface ICalc
        {
            Task<int> SumAsync({|ZMQ0009:CancellationToken ct|}, {|ZMQ0003:params int[] xs|});
        }
        """);

    [Fact]
    public Task A_token_passed_by_reference_gets_no_fix_because_it_cannot_take_a_default() => VerifyNoFix("""
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface ICalc
        {
            Task<int> AddAsync({|ZMQ0003:{|ZMQ0009:ref CancellationToken ct|}|}, int a);
        }
        """);

    [Fact]
    public Task A_method_that_implements_operations_of_two_contracts_and_a_plain_interface_moves_its_token_once_and_all_four_match() =>
        CodeFixTest<ReplyContractAnalyzer, PutCancellationTokenLastFix>.VerifyAsync(
            [
                """
                using System.Threading;
                using System.Threading.Tasks;
                using ZmqContracts;

                [Reply]
                public interface IReports
                {
                    Task<int> Build({|ZMQ0009:CancellationToken cancellationToken|}, int year, string region);
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;
                using ZmqContracts;

                [Reply]
                public interface IArchive
                {
                    Task<int> Build({|ZMQ0009:CancellationToken cancellationToken|}, int year, string region);
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                public interface IPlain
                {
                    Task<int> Build(CancellationToken cancellationToken, int year, string region);
                }

                public sealed class All : IReports, IArchive, IPlain
                {
                    public Task<int> Build(CancellationToken token, int year, string region) => Task.FromResult(year);
                }
                """,
            ],
            [
                """
                using System.Threading;
                using System.Threading.Tasks;
                using ZmqContracts;

                [Reply]
                public interface IReports
                {
                    Task<int> Build(int year, string region, CancellationToken cancellationToken = default);
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;
                using ZmqContracts;

                [Reply]
                public interface IArchive
                {
                    Task<int> Build(int year, string region, CancellationToken cancellationToken = default);
                }
                """,
                """
                using System.Threading;
                using System.Threading.Tasks;

                public interface IPlain
                {
                    Task<int> Build(int year, string region, CancellationToken cancellationToken = default);
                }

                public sealed class All : IReports, IArchive, IPlain
                {
                    public Task<int> Build(int year, string region, CancellationToken token) => Task.FromResult(year);
                }
                """,
            ]);

    [Fact]
    public Task Overrides_of_an_implementation_follow() => Verify("""
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface ICalc
        {
            Task<int> Add({|ZMQ0009:CancellationToken ct|}, int a);
        }

        public class CalcBase : ICalc
        {
            public virtual Task<int> Add(CancellationToken ct, int a) => Task.FromResult(a);
        }

        public class Calc : CalcBase
        {
            public override Task<int> Add(CancellationToken ct, int a) => Task.FromResult(a + 1);
        }

        public sealed class LoggedCalc : Calc
        {
            public override Task<int> Add(CancellationToken ct, int a) => Task.FromResult(a + 2);
        }
        """, """
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface ICalc
        {
            Task<int> Add(int a, CancellationToken ct = default);
        }

        public class CalcBase : ICalc
        {
            public virtual Task<int> Add(int a, CancellationToken ct) => Task.FromResult(a);
        }

        public class Calc : CalcBase
        {
            public override Task<int> Add(int a, CancellationToken ct) => Task.FromResult(a + 1);
        }

        public sealed class LoggedCalc : Calc
        {
            public override Task<int> Add(int a, CancellationToken ct) => Task.FromResult(a + 2);
        }
        """);

    [Fact]
    public Task Comments_after_the_commas_move_with_their_parameters() => Verify("""
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface ICalc
        {
            Task<int> Add(
                {|ZMQ0009:CancellationToken ct|}, // the token
                int a,                // the value
                [Description("b")] int b);

            Task<int> Sub({|ZMQ0009:CancellationToken ct|}, /* the token */ int a, int b);
        }
        """, """
        using System.ComponentModel;
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        [Reply]
        public interface ICalc
        {
            Task<int> Add(
                int a,                // the value
                [Description("b")] int b,
                // the token
                CancellationToken ct = default);

            Task<int> Sub(int a, int b, /* the token */ CancellationToken ct = default);
        }
        """);
}
