using Xunit;
using ZmqContracts.Generators.Pipeline;

namespace ZmqContracts.Generators.Tests.Pipeline;

public class PipelineGeneratorSnapshotTests
{
    private static void VerifyGenerated(string testName, int expectedFiles, string source)
    {
        var generated = GeneratorHarness.Generate(new PipelineGenerator(), source);
        Assert.Equal(expectedFiles, generated.Length);
        Snapshot.VerifyGenerated($"{nameof(PipelineGeneratorSnapshotTests)}.{testName}", generated);
    }

    [Fact]
    public void WorkStage() => VerifyGenerated(nameof(WorkStage), 3, """
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo;

        [Pipeline]
        public interface IWorkStage
        {
            ValueTask<WorkResult> Process(WorkItem item, CancellationToken cancellationToken = default);
        }

        public record WorkItem(int Num);
        public record WorkResult(int Num, string WorkerId);
        """);

    [Fact]
    public void SeveralOperationsNestedInternalStage() => VerifyGenerated(nameof(SeveralOperationsNestedInternalStage), 3, """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ZmqContracts;

        namespace Demo.Nested;

        internal static class Outer
        {
            [Pipeline]
            internal interface IImageStage
            {
                Task<byte[]> Resize(byte[] image);
                ValueTask<IReadOnlyList<string>> Tag(string? @class, CancellationToken token);
                Task Archive(byte[] _producer, CancellationToken cancellationToken = default);
            }
        }
        """);

    [Fact]
    public void TerminalStageHasNoCollector() => VerifyGenerated(nameof(TerminalStageHasNoCollector), 2, """
        using System.Threading.Tasks;

        [ZmqContracts.Pipeline]
        public interface IAuditSink
        {
            Task Record(string line);
        }
        """);
}
