using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace Quickstart;

/// <summary>The pipeline contract: the generator writes SquareStageProducer, SquareStageWorker and SquareStageCollector from it.</summary>
[Pipeline]
public interface ISquareStage
{
    ValueTask<Squared> Square(Number number, CancellationToken cancellationToken = default);
}

public record Number(int Value);

public record Squared(int Value, int Square, string Worker);

/// <summary>The implementation each worker hosts.</summary>
public sealed class Squarer(string worker) : ISquareStage
{
    public ValueTask<Squared> Square(Number number, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new Squared(number.Value, number.Value * number.Value, worker));
}

/// <summary>Pipeline: a producer, three workers and a collector on free loopback ports.</summary>
public static class PipelinePart
{
    public static async Task RunAsync()
    {
        const int Items = 1_000;
        var workerNames = new[] { "ann", "bob", "cy" };
        await using var producer = new SquareStageProducer("tcp://127.0.0.1:*");
        await using var collector = new SquareStageCollector("tcp://127.0.0.1:*");
        var workers = workerNames.Select(name => new SquareStageWorker(new Squarer(name), producer.Endpoint, collector.Endpoint)).ToList();
        workers.ForEach(worker => worker.Start());
        Console.WriteLine($"Pipeline: producer on {producer.Endpoint}, collector on {collector.Endpoint}, {workers.Count} workers");

        using var timeLimit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();

        // ZeroMQ hands items only to the workers connected when they are sent. Send one at a time until every worker
        // has answered; from then on they all take turns.
        var waitingFor = workerNames.ToHashSet();
        while (waitingFor.Count > 0)
        {
            await producer.Square(new Number(0), timeLimit.Token);
            await results.MoveNextAsync();
            waitingFor.Remove(results.Current.Worker);
        }

        for (var value = 1; value <= Items; value++)
        {
            await producer.Square(new Number(value), timeLimit.Token);
        }

        var perWorker = new SortedDictionary<string, int>();
        long sum = 0;
        for (var received = 0; received < Items && await results.MoveNextAsync(); received++)
        {
            perWorker[results.Current.Worker] = perWorker.GetValueOrDefault(results.Current.Worker) + 1;
            sum += results.Current.Square;
        }

        Console.WriteLine($"Sum of the squares of 1..{Items} = {sum}");
        Console.WriteLine($"Results per worker: {string.Join(", ", perWorker.Select(entry => $"{entry.Key} {entry.Value}"))}");
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }
}
