using System;
using System.Threading;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Benchmarks.Shared;

/// <summary>
/// A pipeline worker's loop as a NetMQ user writes it: PULL an item, score it, PUSH the result, on the caller's
/// thread. An item that carries a second frame (acknowledged mode's id) has it sent on after its result.
/// </summary>
public static class HandWrittenWorker
{
    /// <summary>How long a receive or a send waits before the stop is looked at again.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Scores what <paramref name="input"/> receives and sends it on <paramref name="output"/> until <paramref name="stop"/>.</summary>
    public static void Run(PullSocket input, PushSocket output, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (input.TryReceiveFrameBytes(Poll, out var item, out var more))
            {
                var id = more ? input.ReceiveFrameBytes() : null;
                var score = MessagePackSerializer.Serialize(Scoring.Score(MessagePackSerializer.Deserialize<Tick>(item, HandWrittenCodec.Options)), HandWrittenCodec.Options);
                if (id is null)
                {
                    output.TrySendFrame(Poll, score);
                }
                else if (output.TrySendFrame(Poll, score, more: true))
                {
                    output.SendFrame(id);
                }
            }
        }
    }
}
