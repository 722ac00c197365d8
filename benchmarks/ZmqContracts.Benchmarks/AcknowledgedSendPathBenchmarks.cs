using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// The processor time of one acknowledged item on its way out, as <see cref="PipelineSendPathBenchmarks"/> measures the
/// default mode's: a generated producer in acknowledged mode (its window, its id frame, its isolation of suspects) against
/// a hand-written PUSH sending the same MessagePack bytes and a 39-byte frame of acknowledged mode's size, each to a PULL
/// over <c>inproc://</c>. One invocation sends <see cref="Batch"/> items, reads them back on the same thread, and
/// publishes one acknowledgement of them all, as a collector would: the generated producer's, on an XPUB it subscribes to,
/// so that its window never fills; the hand-written one's to no one. The producer reads its acknowledgements on the
/// thread pool, outside the figure, as it reads them from a collector.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class AcknowledgedSendPathBenchmarks
{
    /// <summary>Per invocation, as many as <see cref="PipelineSendPathBenchmarks"/> sends.</summary>
    private const int Batch = PipelineSendPathBenchmarks.Batch;

    /// <summary>The size of acknowledged mode's id frame (docs/protocol.md): <c>zmqc.id</c>, the producer, the sequence number, the floor.</summary>
    private const int IdLength = 39;

    private readonly PushSocket _handWritten = new();
    private readonly PullSocket _handWrittenPeer = new();
    private readonly PullSocket _generatedPeer = new();
    private readonly XPublisherSocket _acknowledgements = new();
    private readonly byte[] _handWrittenId = new byte[IdLength];
    private readonly byte[] _producer = new byte[16];
    private readonly byte[] _floor = new byte[8];
    private readonly byte[] _sequences = new byte[Batch * 8];
    private ScoringProducer _generated = null!;

    [GlobalSetup]
    public void Connect()
    {
        _handWritten.Bind("inproc://acknowledged-send-path-hand-written");
        _handWrittenPeer.Connect("inproc://acknowledged-send-path-hand-written");
        _acknowledgements.Bind("inproc://acknowledged-send-path-acknowledgements");
        _generated = new ScoringProducer("inproc://acknowledged-send-path-generated", new ZmqProducerOptions
        {
            AcknowledgementEndpoint = "inproc://acknowledged-send-path-acknowledgements",

            // Nothing is lost over inproc://: a redelivery would be a figure of the timer's, not of the send path.
            RedeliveryTimeout = TimeSpan.FromHours(1),
        });
        _generatedPeer.Connect(_generated.Endpoint);

        // An acknowledgement published before the producer's subscription arrives would be lost, and its items would hold the window.
        if (!_acknowledgements.TryReceiveFrameBytes(TimeSpan.FromSeconds(30), out _))
        {
            throw new TimeoutException("The acknowledged producer did not subscribe to its acknowledgements within 30 s.");
        }
    }

    [GlobalCleanup]
    public async Task Disconnect()
    {
        await _generated.DisposeAsync();
        _acknowledgements.Dispose();
        _generatedPeer.Dispose();
        _handWrittenPeer.Dispose();
        _handWritten.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void HandWritten()
    {
        for (var i = 0; i < Batch; i++)
        {
            _handWritten.SendMoreFrame(MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options)).SendFrame(_handWrittenId);
        }

        DrainAndAcknowledge(_handWrittenPeer);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Generated()
    {
        for (var i = 0; i < Batch; i++)
        {
            await _generated.Rate(Scoring.SampleTick, CancellationToken.None);
        }

        DrainAndAcknowledge(_generatedPeer);
    }

    /// <summary>Reads the batch's items, and acknowledges their sequence numbers in one message, with the floor the last one carried.</summary>
    private void DrainAndAcknowledge(PullSocket peer)
    {
        for (var i = 0; i < Batch; i++)
        {
            peer.SkipFrame();
            var id = peer.ReceiveFrameBytes();
            id.AsSpan(7, 16).CopyTo(_producer);
            id.AsSpan(23, 8).CopyTo(_sequences.AsSpan(i * 8));
            id.AsSpan(31, 8).CopyTo(_floor);
        }

        _acknowledgements.SendMoreFrame(_producer).SendMoreFrame(_floor).SendFrame(_sequences);
    }
}
