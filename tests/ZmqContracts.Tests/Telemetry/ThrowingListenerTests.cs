using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>
/// A listener that throws (a user's <see cref="ActivityListener"/>, tracing processor or <see cref="MeterListener"/> with a
/// bug) costs its spans or measurements only: calls, pipeline items and published messages go through as they would
/// without it (docs/observability.md).
/// </summary>
[Collection(nameof(Tracing))]
public class ThrowingListenerTests
{
    public enum Failing
    {
        Started,
        Stopped,
        Measured,
    }

    [Theory]
    [InlineData(Failing.Started)]
    [InlineData(Failing.Stopped)]
    [InlineData(Failing.Measured)]
    public async Task A_call_a_pipeline_item_and_a_published_message_go_through_a_listener_that_throws(Failing failing)
    {
        using IDisposable listener = failing == Failing.Measured ? ThrowingMeterListener() : ThrowingListener(failing);
        using var caller = new Activity("the caller's own work").Start();

        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);
        var seenByHandler = await client.Current("test").Bound();

        // A span whose start failed is not made: the handler runs in none. One whose end fails was there all along (and with
        // only a meter listener there are no spans).
        Assert.Equal(failing == Failing.Stopped ? "Server" : "none", seenByHandler.Split(' ')[0]);
        Assert.Same(caller, Activity.Current);

        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), producer.Endpoint, collector.Endpoint, new ZmqWorkerOptions { MaxConcurrency = 1 });
        worker.Start();
        for (var i = 1; i <= 3; i++)
        {
            await producer.Process(new WorkItem(i)).Bound();
        }

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        Assert.Equal([1, 2, 3], (await results.TakeAsync(3)).Select(result => result.Num).Order());

        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        await using var prices = subscriber.Subscribe<Price>(timeLimit.Token).GetAsyncEnumerator(timeLimit.Token);
        await publisher.WaitForSubscriberAsync<Price>().Bound();
        await publisher.PublishAsync(new Price("MSFT", 1, 2)).Bound();
        Assert.True(await prices.MoveNextAsync().AsTask().Bound());
        Assert.Equal("MSFT", prices.Current.Symbol);
        Assert.Same(caller, Activity.Current);
    }

    [Fact]
    public async Task A_span_whose_start_a_listener_threw_on_ends_for_the_listeners_that_saw_it_start()
    {
        var started = 0;
        var stopped = 0;
        using var recording = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ZmqTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = span => Interlocked.Increment(ref started),
            ActivityStopped = span => Interlocked.Increment(ref stopped),
        };
        ActivitySource.AddActivityListener(recording);
        using var throwing = ThrowingListener(Failing.Started);

        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);
        Assert.Equal("none", await client.Current("test").Bound());

        // The client's span and the server's: each started (the recording listener comes first) and ended at once.
        Assert.Equal(2, Volatile.Read(ref started));
        Assert.Equal(2, Volatile.Read(ref stopped));
    }

    /// <summary>Records every ZmqContracts span and throws from the callback <paramref name="failing"/> names.</summary>
    private static ActivityListener ThrowingListener(Failing failing)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ZmqTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = failing == Failing.Started ? Throw : null,
            ActivityStopped = failing == Failing.Stopped ? Throw : null,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>Listens to every ZmqContracts instrument and throws from each measurement.</summary>
    private static MeterListener ThrowingMeterListener()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ZmqTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => throw new InvalidOperationException($"a listener failed on {instrument.Name}"));
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => throw new InvalidOperationException($"a listener failed on {instrument.Name}"));
        listener.Start();
        return listener;
    }

    private static void Throw(Activity span) => throw new InvalidOperationException($"a listener failed on {span.DisplayName}");
}
