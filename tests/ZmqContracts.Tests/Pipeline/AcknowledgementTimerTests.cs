using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>A producer's waits for its acknowledgements hold no timer once they are over.</summary>
[Collection(nameof(TimerCounting))]
public class AcknowledgementTimerTests
{
    [Fact]
    public async Task A_producer_that_drains_acknowledgements_coming_one_by_one_leaves_no_timer_behind_for_each()
    {
        const int Items = 100;
        await using var collector = AcknowledgedModeTests.AcknowledgingCollector();
        var producer = AcknowledgedModeTests.AcknowledgedProducer(collector, AcknowledgedModeTests.NoRedelivery);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, collector.Endpoint);
        worker.Start();
        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num)).Bound();
        }

        // The collector acknowledges a result as it is read: read one at a time, each acknowledgement wakes the
        // disposal's wait for the window to empty on its own, which waits afresh, up to the linger, for the next.
        var timers = Timer.ActiveCount;
        var disposal = producer.DisposeAsync().AsTask();
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        for (var read = 1; read <= Items; read++)
        {
            await results.TakeAsync(1);
            Assert.True(SpinWait.SpinUntil(() => producer.PendingItems == Items - read, Within.Timeout), $"{producer.PendingItems} items pending after {read} read");
        }

        await disposal.Bound();
        var left = Timer.ActiveCount - timers;
        Assert.True(left < Items / 4, $"{left} more timers after the disposal than before it, for {Items} acknowledgements");
    }
}
