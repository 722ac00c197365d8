using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>How the generated pipeline of <see cref="PipelineThroughput"/> runs.</summary>
internal enum PipelineMode
{
    /// <summary>The defaults: workers take up to <see cref="ZmqWorkerOptions.DefaultPrefetch"/> items ahead.</summary>
    Default,

    /// <summary>Acknowledged mode, with the default workers: a dead worker's items are sent again.</summary>
    Acknowledged,

    /// <summary>The default before prefetch: a worker takes an item only when it can start it (<c>Prefetch = 0</c>, receive high-water mark 1).</summary>
    OneAtATime,
}

/// <summary>
/// Pipeline throughput with two workers over TCP loopback: results the collector reads per second. Baseline:
/// <see cref="HandWrittenPipeline"/>. Generated: <c>ScoringProducer.Rate</c> in a loop, two <c>ScoringWorker</c>s and
/// <c>ScoringCollector.ReadAllAsync</c>, in the given <see cref="PipelineMode"/>.
/// </summary>
internal sealed class PipelineThroughput(PipelineMode mode) : ILoadScenario
{
    private const int Workers = 2;

    public string Name => mode switch
    {
        PipelineMode.Default => $"pipeline, {Workers} workers, defaults",
        PipelineMode.Acknowledged => $"pipeline, {Workers} workers, acknowledged",
        _ => $"pipeline, {Workers} workers, one item at a time",
    };

    // The goals: typed stages cost next to nothing over the hand-written PUSH/PULL code, and acknowledgements
    // (a frame per item and per result, and the messages that acknowledge them) cost less than a third.
    public IReadOnlyList<ITarget> Targets { get; } = mode switch
    {
        PipelineMode.Default => [RatioToBaseline.NoLessThan(Figures.Throughput, 0.9)],
        PipelineMode.Acknowledged => [RatioToBaseline.NoLessThan(Figures.Throughput, 0.7)],
        _ => [],
    };

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var pipeline = new HandWrittenPipeline(Workers);
        return await Throughput.MeasureAsync("items/s", pipeline.RunAsync, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        var acknowledged = mode == PipelineMode.Acknowledged;
        await using var collector = new ScoringCollector(Loopback.AnyPort, new ZmqCollectorOptions { AcknowledgementEndpoint = acknowledged ? Loopback.AnyPort : null });
        await using var producer = new ScoringProducer(Loopback.AnyPort, new ZmqProducerOptions { AcknowledgementEndpoint = collector.AcknowledgementEndpoint });
        var workerOptions = mode == PipelineMode.OneAtATime ? new ZmqWorkerOptions { Prefetch = 0, ReceiveHighWatermark = 1 } : new ZmqWorkerOptions();
        var workers = Enumerable.Range(0, Workers).Select(_ => new ScoringWorker(new Scoring(), producer.Endpoint, collector.Endpoint, workerOptions)).ToList();
        workers.ForEach(worker => worker.Start());
        try
        {
            return await Throughput.MeasureAsync("items/s", duration => RunAsync(producer, collector, duration), settings);
        }
        finally
        {
            await Task.WhenAll(workers.Select(worker => worker.DisposeAsync().AsTask()));
        }
    }

    private static async Task<long> RunAsync(ScoringProducer producer, ScoringCollector collector, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var collecting = Task.Run(() => Throughput.CountUntilCancelledAsync(collector.ReadAllAsync(stop.Token)));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await producer.Rate(Scoring.SampleTick, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return await collecting;
    }
}
