using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>What the pipeline tests share: a time limit for a whole test, reading results, and warming the workers up.</summary>
internal static class PipelineTesting
{
    public static CancellationTokenSource TimeLimit() => new(Within.Timeout);

    /// <summary>Reads exactly <paramref name="count"/> items, failing the test if they do not come within the timeout.</summary>
    public static async Task<List<T>> TakeAsync<T>(this IAsyncEnumerator<T> stream, int count)
    {
        var taken = new List<T>(count);
        while (taken.Count < count)
        {
            Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(Within.Timeout), $"the stream ended after {taken.Count} of {count}");
            taken.Add(stream.Current);
        }

        return taken;
    }

    /// <summary>
    /// ZeroMQ spreads items only over the workers connected when they are sent (the zguide's "press Enter when the workers
    /// are ready"). Sends one item at a time, each after the last result came back, until every worker has answered: from
    /// then on all of them take their turn. Warm-up items have negative numbers.
    /// </summary>
    public static async Task WarmUpAsync(WorkStageProducer producer, IAsyncEnumerator<WorkResult> results, IEnumerable<string> workerIds)
    {
        var waitingFor = workerIds.ToHashSet();
        for (var num = -1; waitingFor.Count > 0; num--)
        {
            Assert.True(num > -10_000, $"workers {string.Join(", ", waitingFor)} never took an item");
            await producer.Process(new WorkItem(num)).AsTask().WaitAsync(Within.Timeout);
            var result = (await results.TakeAsync(1)).Single();
            Assert.Equal(num, result.Num);
            waitingFor.Remove(result.WorkerId);
        }
    }
}
