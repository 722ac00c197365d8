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
/// With <c>idFrames</c>, every item carries a second frame of acknowledged mode's size (39 bytes) that the worker sends
/// on with the result: acknowledged mode's frames, without its bookkeeping, which NetMQ's cost per frame makes the floor
/// of that mode.
/// </summary>
internal sealed class HandWrittenPipeline : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly bool _idFrames;
    private readonly PushSocket _producer = new();
    private readonly PullSocket _collector = new();
    private readonly (PullSocket Input, PushSocket Output)[] _workers;

    public HandWrittenPipeline(int workers, bool idFrames = false)
    {
        _idFrames = idFrames;
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
        var working = _workers.Select(worker => Task.Factory.StartNew(() => HandWrittenWorker.Run(worker.Input, worker.Output, stop.Token), TaskCreationOptions.LongRunning)).ToArray();
        var collecting = Task.Factory.StartNew(() => Collect(deadline), TaskCreationOptions.LongRunning);
        var id = new byte[IdLength];
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var item = MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options);
            if (!_idFrames)
            {
                _producer.TrySendFrame(Poll, item);
            }
            else if (_producer.TrySendFrame(Poll, item, more: true))
            {
                _producer.SendFrame(id);
            }
        }

        var collected = await collecting;
        stop.Cancel();
        await Task.WhenAll(working);
        return collected;
    }

    /// <summary>The size of acknowledged mode's id frame (docs/protocol.md).</summary>
    private const int IdLength = 39;

    private long Collect(long deadline)
    {
        long collected = 0;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_collector.TryReceiveFrameBytes(Poll, out var result, out var more))
            {
                MessagePackSerializer.Deserialize<TickScore>(result, HandWrittenCodec.Options);
                if (more)
                {
                    _collector.ReceiveFrameBytes();
                }

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
