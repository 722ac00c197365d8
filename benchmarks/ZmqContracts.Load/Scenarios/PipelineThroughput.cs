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
    /// <summary>The defaults: a worker takes an item only when it can start it, so none is lost at a worker that closes.</summary>
    Default,

    /// <summary>Workers that prefetch, without acknowledgements: the items queued at a worker that closes are lost.</summary>
    Prefetch,

    /// <summary>Acknowledged mode, with workers that prefetch: a dead worker's items are sent again.</summary>
    AcknowledgedWithPrefetch,
}

/// <summary>
/// Pipeline throughput with two workers over TCP loopback: results the collector reads per second. Baseline:
/// <see cref="HandWrittenPipeline"/>. Generated: <c>ScoringProducer.Rate</c> in a loop, two <c>ScoringWorker</c>s and
/// <c>ScoringCollector.ReadAllAsync</c>, in the given <see cref="PipelineMode"/>.
/// </summary>
internal sealed class PipelineThroughput(PipelineMode mode) : ILoadScenario
{
    private const int Workers = 2;

    /// <summary>How many items a worker takes ahead unless the mode is <see cref="PipelineMode.Default"/>: NetMQ's default receive high-water mark, as the baseline's workers have.</summary>
    private const int Prefetch = 1_000;

    public string Name => mode switch
    {
        PipelineMode.Default => $"pipeline, {Workers} workers, defaults",
        PipelineMode.Prefetch => $"pipeline, {Workers} workers, prefetch {Prefetch}",
        _ => $"pipeline, {Workers} workers, acknowledged, prefetch {Prefetch}",
    };

    // The goal: typed stages cost next to nothing over the hand-written PUSH/PULL code.
    public IReadOnlyList<ITarget> Targets { get; } = [RatioToBaseline.NoLessThan(Figures.Throughput, 0.9)];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var pipeline = new HandWrittenPipeline(Workers);
        return await Throughput.MeasureAsync("items/s", pipeline.RunAsync, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        var acknowledged = mode == PipelineMode.AcknowledgedWithPrefetch;
        await using var collector = new ScoringCollector(Loopback.AnyPort, new ZmqCollectorOptions { AcknowledgementEndpoint = acknowledged ? Loopback.AnyPort : null });
        await using var producer = new ScoringProducer(Loopback.AnyPort, new ZmqProducerOptions { AcknowledgementEndpoint = collector.AcknowledgementEndpoint });
        var workerOptions = new ZmqWorkerOptions { Prefetch = mode == PipelineMode.Default ? 0 : Prefetch };
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
