using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// Pipeline throughput with two workers over TCP loopback: results the collector reads per second. Baseline:
/// <see cref="HandWrittenPipeline"/>. Generated: <c>ScoringProducer.Rate</c> in a loop, two <c>ScoringWorker</c>s and
/// <c>ScoringCollector.ReadAllAsync</c>.
/// </summary>
internal sealed class PipelineThroughput : ILoadScenario
{
    private const int Workers = 2;

    public string Name => $"pipeline, {Workers} workers";

    // The goal: typed stages cost next to nothing over the hand-written PUSH/PULL code.
    public IReadOnlyList<ITarget> Targets { get; } = [RatioToBaseline.NoLessThan(Figures.Throughput, 0.9)];

    public async Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings)
    {
        using var pipeline = new HandWrittenPipeline(Workers);
        return await Throughput.MeasureAsync("items/s", pipeline.RunAsync, settings);
    }

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var producer = new ScoringProducer(Loopback.AnyPort);
        await using var collector = new ScoringCollector(Loopback.AnyPort);
        var workers = Enumerable.Range(0, Workers).Select(_ => new ScoringWorker(new Scoring(), producer.Endpoint, collector.Endpoint)).ToList();
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
