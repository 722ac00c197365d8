using System;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// The processor time of one published message on its way out: <c>ZmqPublisher.PublishAsync</c> in the default Drop
/// mode and in <see cref="SlowSubscriberMode.Wait"/> mode (the flow control's bookkeeping per message) against a
/// hand-written XPUB sending the same <c>[topic][payload][position]</c>, each to a SUB over <c>inproc://</c>. One
/// invocation publishes <see cref="Batch"/> messages and then reads them back on the same thread, as
/// <see cref="PipelineSendPathBenchmarks"/> does. The SUB peer has no identity topic, so the Wait publisher has nobody to
/// wait for and sends no marker: what it costs over Drop is what every message pays for the flow control.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class PublishPathBenchmarks
{
    /// <summary>Per invocation, as many as <see cref="PipelineSendPathBenchmarks"/> sends: well below the high-water marks.</summary>
    private const int Batch = PipelineSendPathBenchmarks.Batch;

    private static readonly byte[] s_topic = "ticks"u8.ToArray();
    private readonly XPublisherSocket _handWritten = new();
    private readonly SubscriberSocket _handWrittenPeer = new();
    private readonly SubscriberSocket _dropPeer = new();
    private readonly SubscriberSocket _waitPeer = new();
    private ZmqPublisher _drop = null!;
    private ZmqPublisher _wait = null!;
    private long _sequence;

    [GlobalSetup]
    public async Task Connect()
    {
        _handWritten.Bind("inproc://publish-path-hand-written");
        Subscribe(_handWrittenPeer, "inproc://publish-path-hand-written");
        _handWritten.ReceiveFrameBytes();
        _drop = new ZmqPublisher("inproc://publish-path-drop");
        Subscribe(_dropPeer, _drop.Endpoint);
        await _drop.WaitForSubscriberAsync<Tick>();
        _wait = new ZmqPublisher("inproc://publish-path-wait", new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait });
        Subscribe(_waitPeer, _wait.Endpoint);
        await _wait.WaitForSubscriberAsync<Tick>();
    }

    [GlobalCleanup]
    public async Task Disconnect()
    {
        await _wait.DisposeAsync();
        await _drop.DisposeAsync();
        _waitPeer.Dispose();
        _dropPeer.Dispose();
        _handWrittenPeer.Dispose();
        _handWritten.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void HandWritten()
    {
        for (var i = 0; i < Batch; i++)
        {
            var position = new byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(position.AsSpan(8), ++_sequence);
            _handWritten.SendMoreFrame(s_topic)
                .SendMoreFrame(MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options))
                .SendFrame(position);
        }

        Drain(_handWrittenPeer);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Drop()
    {
        for (var i = 0; i < Batch; i++)
        {
            await _drop.PublishAsync(Scoring.SampleTick, CancellationToken.None);
        }

        Drain(_dropPeer);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Wait()
    {
        for (var i = 0; i < Batch; i++)
        {
            await _wait.PublishAsync(Scoring.SampleTick, CancellationToken.None);
        }

        Drain(_waitPeer);
    }

    private static void Subscribe(SubscriberSocket peer, string endpoint)
    {
        peer.Options.ReceiveHighWatermark = 0;
        peer.Connect(endpoint);
        peer.Subscribe(s_topic);
    }

    private static void Drain(SubscriberSocket peer)
    {
        var message = new NetMQMessage();
        for (var i = 0; i < Batch; i++)
        {
            peer.TryReceiveMultipartMessage(Timeout.InfiniteTimeSpan, ref message);
        }
    }
}
