using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// The processor time of one pipeline item on its way out: a generated producer's <c>Rate</c> (serialization, the
/// producer's checks, <c>SocketLoop.SendAsync</c> and its outbox) against a hand-written PUSH sending the same
/// MessagePack bytes, each to a PULL over <c>inproc://</c>. One invocation sends <see cref="Batch"/> items and then
/// reads them back on the same thread, so that the figure is one thread's work, with no network, no I/O thread and no
/// wait for another thread: what the load driver's pipeline rows cannot separate from the scheduler's noise. The batch
/// stays below the high-water marks, so no send waits for room; reading costs both sides the same.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class PipelineSendPathBenchmarks
{
    /// <summary>Items per invocation: well below the 1,000 of NetMQ's default high-water marks.</summary>
    internal const int Batch = 100;

    private readonly PushSocket _handWritten = new();
    private readonly PullSocket _handWrittenPeer = new();
    private readonly PullSocket _generatedPeer = new();
    private ScoringProducer _generated = null!;

    [GlobalSetup]
    public void Connect()
    {
        _handWritten.Bind("inproc://pipeline-send-path-hand-written");
        _handWrittenPeer.Connect("inproc://pipeline-send-path-hand-written");
        _generated = new ScoringProducer("inproc://pipeline-send-path-generated");
        _generatedPeer.Connect(_generated.Endpoint);
    }

    [GlobalCleanup]
    public async Task Disconnect()
    {
        await _generated.DisposeAsync();
        _generatedPeer.Dispose();
        _handWrittenPeer.Dispose();
        _handWritten.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void HandWritten()
    {
        for (var i = 0; i < Batch; i++)
        {
            _handWritten.SendFrame(MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options));
        }

        Drain(_handWrittenPeer);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Generated()
    {
        for (var i = 0; i < Batch; i++)
        {
            await _generated.Rate(Scoring.SampleTick, CancellationToken.None);
        }

        Drain(_generatedPeer);
    }

    private static void Drain(PullSocket peer)
    {
        for (var i = 0; i < Batch; i++)
        {
            peer.SkipFrame();
        }
    }
}
