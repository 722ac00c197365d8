using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;

namespace ZmqContracts.Tests.Security;

/// <summary>What the CURVE tests share.</summary>
internal static class CurveTesting
{
    private const int MostItems = 200;

    /// <summary>
    /// The CURVE setting of a client that must get nothing through: <c>none</c> speaks plain ZeroMQ, <c>wrong</c> is a
    /// CURVE client of some other server.
    /// </summary>
    public static ZmqCurve? ClientWith(string serverKey) => serverKey switch
    {
        "none" => null,
        "wrong" => ZmqCurve.Client(ZmqCurveKeyPair.Generate().PublicKey),
        _ => throw new ArgumentOutOfRangeException(nameof(serverKey), serverKey, "none or wrong"),
    };

    /// <summary>
    /// Sends items numbered from <paramref name="firstNum"/> on (at most 200) until the results read meet
    /// <paramref name="enough"/>, and returns those results. It does not stop at a fixed count because items can be lost on the way: a producer
    /// loses what it dealt to a connection whose handshake then fails (NetMQCurveLimitsTests).
    /// </summary>
    public static async Task<List<WorkResult>> SendUntilAsync(
        this WorkStageProducer producer, IAsyncEnumerator<WorkResult> results, int firstNum, Func<List<WorkResult>, bool> enough)
    {
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            for (var num = firstNum; num < firstNum + MostItems; num++)
            {
                await producer.Process(new WorkItem(num), stop.Token);
            }
        });

        var taken = new List<WorkResult>();
        while (!enough(taken))
        {
            var next = results.MoveNextAsync().AsTask();
            Assert.True(await Task.WhenAny(next, Task.Delay(Within.Timeout)) == next, $"no further result came after {taken.Count}: [{string.Join(", ", taken)}]; sender: {sending.Status}");
            Assert.True(await next, $"the results ended after {taken.Count}");
            taken.Add(results.Current);
        }

        await stop.CancelAsync();
        try
        {
            await sending.Bound();
        }
        catch (OperationCanceledException)
        {
            // Stopped before it had sent them all, as it should once enough results are here.
        }

        return taken;
    }
}
