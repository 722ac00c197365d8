using Xunit;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests.RequestReply;

public class ReplyGeneratorSnapshotTests
{
    private static void VerifyGenerated(string testName, string source)
    {
        var generated = GeneratorHarness.Generate(new ReplyGenerator(), source);
        Assert.Equal(2, generated.Length);
        Snapshot.VerifyGenerated($"{nameof(ReplyGeneratorSnapshotTests)}.{testName}", generated);
    }

    [Fact]
    public void Calculator() => VerifyGenerated(nameof(Calculator), """
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo;

        [Reply]
        public interface ICalculator
        {
            Task<Sum> Add(Operands operands, CancellationToken cancellationToken = default);
            [Idempotent]
            ValueTask<int> Negate(int value);
            Task Reset();
        }

        public record Operands(int A, int B);
        public record Sum(int Value);
        """);

    [Fact]
    public void EveryShapeNestedInternalContract() => VerifyGenerated(nameof(EveryShapeNestedInternalContract), """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo.Nested;

        public enum Mode { Fast = 1, Careful = 2 }

        public interface IClock
        {
            Task<long> Now(CancellationToken token);
        }

        internal static class Outer
        {
            [Reply]
            internal interface IInventory : IClock
            {
                ValueTask Ping();
                Task<string?> Describe(string? @class, int count = 3, Mode mode = Mode.Careful, string label = "a \"b\"", double ratio = 0.5);
                ValueTask<IReadOnlyList<int>> Scan(int[] ids, Dictionary<string, double> weights, bool verbose = true, CancellationToken _connection = default);
            }
        }
        """);

    [Fact]
    public void PlainContractWithoutOperationFrame() => VerifyGenerated(nameof(PlainContractWithoutOperationFrame), """
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo;

        [Reply(Format = ZmqFormat.Raw, OperationFrame = false)]
        public interface IPlain
        {
            Task<byte[]> Send(byte[] message, CancellationToken cancellationToken = default);
        }
        """);

    [Fact]
    public void RawContractInTheGlobalNamespace() => VerifyGenerated(nameof(RawContractInTheGlobalNamespace), """
        using System.Threading.Tasks;

        [ZmqContracts.Reply(Format = ZmqContracts.ZmqFormat.Raw)]
        public interface Echo
        {
            Task<byte[]> Say(byte[] words);
        }
        """);

    [Fact]
    public void OperationsNamedLikeTheOperationsClassAndObjectReferenceEquals() => VerifyGenerated(nameof(OperationsNamedLikeTheOperationsClassAndObjectReferenceEquals), """
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo;

        [Reply]
        public interface INames
        {
            [Idempotent]
            Task<bool> ReferenceEquals(string left, string right);
            Task<int> Operations(int count);
            Task ReferenceEqualsOperation();
        }
        """);
}
