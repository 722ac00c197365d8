using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// The time of one pipeline item through a worker, and of one result into a collector's reader, the two receiving
/// stages of the load driver's pipeline rows, each against hand-written NetMQ doing the same on a thread of its own,
/// over <c>inproc://</c>. An invocation sends <see cref="Batch"/> items (or results) from this thread with a
/// hand-written PUSH, then takes <see cref="Batch"/> results back: the figure is the stage's work and its hand-offs
/// between threads (the socket's read, the channel to the handler loops or the reader), with no network and no I/O
/// thread. The batch stays below the high-water marks, so no send waits for room.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PipelineReceivePathBenchmarks
{
    /// <summary>Per invocation, as many as <see cref="PipelineSendPathBenchmarks"/> sends: well below the high-water marks.</summary>
    private const int Batch = PipelineSendPathBenchmarks.Batch;

    private static readonly byte[] Item = MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options);
    private static readonly byte[] Result = MessagePackSerializer.Serialize(Scoring.Score(Scoring.SampleTick), HandWrittenCodec.Options);

    private readonly CancellationTokenSource _stop = new();
    private readonly PushSocket _handWrittenItems = new();
    private readonly PullSocket _handWrittenResults = new();
    private readonly PushSocket _generatedItems = new();
    private readonly PullSocket _generatedResults = new();
    private readonly PushSocket _handWrittenCollectorPeer = new();
    private readonly PullSocket _handWrittenCollector = new();
    private readonly PushSocket _generatedCollectorPeer = new();
    private Thread _handWrittenWorker = null!;
    private ScoringWorker _generatedWorker = null!;
    private ScoringCollector _generatedCollector = null!;
    private IAsyncEnumerator<TickScore> _generatedReader = null!;

    [GlobalSetup]
    public void Connect()
    {
        _handWrittenItems.Bind("inproc://pipeline-receive-path-items-hand-written");
        _handWrittenResults.Bind("inproc://pipeline-receive-path-results-hand-written");
        _handWrittenWorker = new Thread(() =>
        {
            using var input = new PullSocket();
            using var output = new PushSocket();
            input.Connect("inproc://pipeline-receive-path-items-hand-written");
            output.Connect("inproc://pipeline-receive-path-results-hand-written");
            HandWrittenWorker.Run(input, output, _stop.Token);
        });
        _handWrittenWorker.Start();

        _generatedItems.Bind("inproc://pipeline-receive-path-items-generated");
        _generatedResults.Bind("inproc://pipeline-receive-path-results-generated");
        _generatedWorker = new ScoringWorker(new Scoring(), "inproc://pipeline-receive-path-items-generated", "inproc://pipeline-receive-path-results-generated");
        _generatedWorker.Start();

        _handWrittenCollector.Bind("inproc://pipeline-receive-path-collector-hand-written");
        _handWrittenCollectorPeer.Connect("inproc://pipeline-receive-path-collector-hand-written");
        _generatedCollector = new ScoringCollector("inproc://pipeline-receive-path-collector-generated");
        _generatedCollectorPeer.Connect(_generatedCollector.Endpoint);
        _generatedReader = _generatedCollector.ReadAllAsync(_stop.Token).GetAsyncEnumerator();
    }

    [GlobalCleanup]
    public async Task Disconnect()
    {
        _stop.Cancel();
        _handWrittenWorker.Join();
        await _generatedWorker.DisposeAsync();
        await _generatedCollector.DisposeAsync();
        foreach (var socket in new NetMQSocket[] { _handWrittenItems, _handWrittenResults, _generatedItems, _generatedResults, _handWrittenCollectorPeer, _handWrittenCollector, _generatedCollectorPeer })
        {
            socket.Dispose();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("worker")]
    public void WorkerHandWritten() => SendAndDrain(_handWrittenItems, _handWrittenResults);

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("worker")]
    public void WorkerGenerated() => SendAndDrain(_generatedItems, _generatedResults);

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("collector")]
    public void CollectorHandWritten()
    {
        Send(_handWrittenCollectorPeer, Result);
        for (var i = 0; i < Batch; i++)
        {
            MessagePackSerializer.Deserialize<TickScore>(_handWrittenCollector.ReceiveFrameBytes(), HandWrittenCodec.Options);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("collector")]
    public async Task CollectorGenerated()
    {
        Send(_generatedCollectorPeer, Result);
        for (var i = 0; i < Batch; i++)
        {
            await _generatedReader.MoveNextAsync();
        }
    }

    private static void SendAndDrain(PushSocket items, PullSocket results)
    {
        Send(items, Item);
        for (var i = 0; i < Batch; i++)
        {
            results.SkipFrame();
        }
    }

    private static void Send(PushSocket socket, byte[] frame)
    {
        for (var i = 0; i < Batch; i++)
        {
            socket.SendFrame(frame);
        }
    }
}
