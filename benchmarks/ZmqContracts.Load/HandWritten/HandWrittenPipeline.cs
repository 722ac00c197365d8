using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// A PUSH/PULL pipeline as a NetMQ user writes it: a producer PUSHing serialized ticks, workers that PULL, score and
/// PUSH, and a collector that PULLs and deserializes, each on its own thread, with NetMQ's default high-water marks
/// (which let a worker prefetch, so the baseline is not weakened). The producer and the collector bind; workers connect to both.
/// </summary>
internal sealed class HandWrittenPipeline : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly PushSocket _producer = new();
    private readonly PullSocket _collector = new();
    private readonly (PullSocket Input, PushSocket Output)[] _workers;

    public HandWrittenPipeline(int workers)
    {
        _producer.Bind(Loopback.AnyPort);
        _collector.Bind(Loopback.AnyPort);
        _workers = Enumerable.Range(0, workers).Select(_ =>
        {
            var input = new PullSocket();
            var output = new PushSocket();
            input.Connect(_producer.Options.LastEndpoint!);
            output.Connect(_collector.Options.LastEndpoint!);
            return (input, output);
        }).ToArray();
    }

    /// <summary>Produces for <paramref name="duration"/> and returns how many results the collector read meanwhile.</summary>
    public async Task<long> RunAsync(TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var stop = new CancellationTokenSource();
        var working = _workers.Select(worker => Task.Factory.StartNew(() => Work(worker.Input, worker.Output, stop.Token), TaskCreationOptions.LongRunning)).ToArray();
        var collecting = Task.Factory.StartNew(() => Collect(deadline), TaskCreationOptions.LongRunning);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            _producer.TrySendFrame(Poll, MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options));
        }

        var collected = await collecting;
        stop.Cancel();
        await Task.WhenAll(working);
        return collected;
    }

    private static void Work(PullSocket input, PushSocket output, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (input.TryReceiveFrameBytes(Poll, out var item))
            {
                var score = Scoring.Score(MessagePackSerializer.Deserialize<Tick>(item, HandWrittenCodec.Options));
                output.TrySendFrame(Poll, MessagePackSerializer.Serialize(score, HandWrittenCodec.Options));
            }
        }
    }

    private long Collect(long deadline)
    {
        long collected = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_collector.TryReceiveFrameBytes(Poll, out var result))
            {
                MessagePackSerializer.Deserialize<TickScore>(result, HandWrittenCodec.Options);
                collected++;
            }
        }

        return collected;
    }

    public void Dispose()
    {
        foreach (var (input, output) in _workers)
        {
            input.Dispose();
            output.Dispose();
        }

        _collector.Dispose();
        _producer.Dispose();
    }
}
