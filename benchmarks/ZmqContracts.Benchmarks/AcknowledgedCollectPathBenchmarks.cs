using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// What acknowledged mode costs a collector per result: a generated collector reads results that carry acknowledged
/// mode's id frame, with no acknowledgement endpoint (the id read, and the duplicates table, alone: the baseline) and
/// with one (the unread table, the reader's queue of ids, the pass that acknowledges them, the acknowledgement messages).
/// One invocation sends <see cref="Batch"/> results of one producer from a hand-written PUSH over <c>inproc://</c>, reads
/// them with <c>ReadAllAsync</c>, and drains the acknowledgements a SUB subscribed to the producer got. The collector
/// reads its socket on the thread pool, so this figure holds a hand-off between threads; compare the two methods, and
/// prefer the processor time per result (the load driver's figure) when the machine is busy.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class AcknowledgedCollectPathBenchmarks
{
    /// <summary>Per invocation, as many as <see cref="PipelineSendPathBenchmarks"/> sends.</summary>
    private const int Batch = PipelineSendPathBenchmarks.Batch;

    private readonly byte[] _producer = Guid.NewGuid().ToByteArray();
    private readonly byte[] _result = MessagePackSerializer.Serialize(Scoring.Score(Scoring.SampleTick), HandWrittenCodec.Options);
    private readonly PushSocket _idFramesSender = new();
    private readonly PushSocket _acknowledgedSender = new();
    private readonly SubscriberSocket _acknowledgements = new();
    private ScoringCollector _idFrames = null!;
    private ScoringCollector _acknowledged = null!;
    private IAsyncEnumerator<TickScore> _idFramesResults = null!;
    private IAsyncEnumerator<TickScore> _acknowledgedResults = null!;
    private long _idFramesSequence;
    private long _acknowledgedSequence;

    [GlobalSetup]
    public void Connect()
    {
        _idFrames = new ScoringCollector("inproc://acknowledged-collect-path-id-frames");
        _acknowledged = new ScoringCollector("inproc://acknowledged-collect-path-acknowledged", new ZmqCollectorOptions
        {
            AcknowledgementEndpoint = "inproc://acknowledged-collect-path-acknowledgements",
        });
        _idFramesSender.Connect(_idFrames.Endpoint);
        _acknowledgedSender.Connect(_acknowledged.Endpoint);
        _acknowledgements.Connect(_acknowledged.AcknowledgementEndpoint!);
        _acknowledgements.Subscribe(_producer);
        _idFramesResults = _idFrames.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        _acknowledgedResults = _acknowledged.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
    }

    [GlobalCleanup]
    public async Task Disconnect()
    {
        await _idFramesResults.DisposeAsync();
        await _acknowledgedResults.DisposeAsync();
        await _idFrames.DisposeAsync();
        await _acknowledged.DisposeAsync();
        _acknowledgements.Dispose();
        _acknowledgedSender.Dispose();
        _idFramesSender.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public Task IdFrames() => SendAndReadAsync(_idFramesSender, _idFramesResults, ref _idFramesSequence);

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Acknowledged()
    {
        await SendAndReadAsync(_acknowledgedSender, _acknowledgedResults, ref _acknowledgedSequence);
        while (_acknowledgements.TryReceiveFrameBytes(out _, out var more))
        {
            while (more)
            {
                _acknowledgements.ReceiveFrameBytes(out more);
            }
        }
    }

    /// <summary>Sends a batch of results, each with the id a producer at its floor gives the next item, and reads them.</summary>
    private Task SendAndReadAsync(PushSocket sender, IAsyncEnumerator<TickScore> results, ref long sequence)
    {
        for (var i = 0; i < Batch; i++)
        {
            var id = new byte[39];
            "zmqc.id"u8.CopyTo(id);
            _producer.CopyTo(id.AsSpan(7));
            BinaryPrimitives.WriteInt64BigEndian(id.AsSpan(23), sequence);
            BinaryPrimitives.WriteInt64BigEndian(id.AsSpan(31), sequence);
            sequence++;
            sender.SendMoreFrame(_result).SendFrame(id);
        }

        return ReadAsync(results);
    }

    private static async Task ReadAsync(IAsyncEnumerator<TickScore> results)
    {
        for (var i = 0; i < Batch; i++)
        {
            if (!await results.MoveNextAsync())
            {
                throw new InvalidOperationException("The collector ended its results.");
            }
        }
    }
}
