using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>A close that is over holds no timer for the rest of its timeouts.</summary>
[Collection(nameof(TimerCounting))]
public class CloseTimerTests
{
    [Fact]
    public async Task Workers_that_drain_at_once_leave_no_timer_behind_for_the_rest_of_their_drain_timeout()
    {
        const int Workers = 40;
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        var timers = Timer.ActiveCount;
        for (var made = 0; made < Workers; made++)
        {
            var worker = new WorkStageWorker(new TestWorkStage("idle"), Loopback.FreeEndpoint(), collector.Endpoint, new ZmqWorkerOptions { DrainTimeout = TimeSpan.FromMinutes(5) });
            worker.Start();
            await worker.DisposeAsync().AsTask().Bound();
        }

        var left = Timer.ActiveCount - timers;
        Assert.True(left < Workers / 4, $"{left} more timers after {Workers} workers were disposed than before");
    }
}
