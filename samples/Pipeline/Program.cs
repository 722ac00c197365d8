using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetMQ;
using PipelineSample;
using Samples;
using ZmqContracts;

// The typed version of the pyzmq tutorial's producer.py, consumer.py and resultcollector.py. The producer and the
// collector bind; every worker connects to both, so any number of workers can join. Every command takes
// --serializer msgpack|json (default msgpack), so that samples/python's producer.py, worker.py and collector.py can be its peers.
//
//   dotnet run -- collector tcp://*:5578 [count]
//   dotnet run -- worker tcp://localhost:5577 tcp://localhost:5578     (as many as you like; Ctrl+C ends one)
//   dotnet run -- producer tcp://*:5577 [count]
const string DefaultCount = "2000";

var serializer = SampleArguments.TakeSerializer(ref args, "msgpack", "json");
switch (args)
{
    case ["producer", var endpoint, ..]:
    {
        var count = int.Parse(args.At(2, DefaultCount));
        await using (var producer = new WorkStageProducer(endpoint, new ZmqProducerOptions { Serializer = serializer }))
        {
            // ZeroMQ hands items only to the workers connected when they are sent: the first worker would get them all.
            // (With input from /dev/null the producer starts at once.)
            Console.WriteLine($"Producer bound to {producer.Endpoint} ({serializer.Name}). Press Enter when the workers are ready.");
            Console.ReadLine();

            for (var num = 0; num < count; num++)
            {
                await producer.Process(new WorkItem(num));
            }

            Console.WriteLine($"Sent {count} items.");
        }

        // Like pyzmq's context.term(): wait (within the producer's linger) until ZeroMQ has delivered what it queued.
        NetMQConfig.Cleanup(block: true);
        return 0;
    }

    case ["worker", var input, var output]:
    {
        var workerId = Random.Shared.Next(1, 1000).ToString();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var worker = new WorkStageWorker(new Tagger(workerId), input, output, new ZmqWorkerOptions { Serializer = serializer });
        Console.WriteLine($"Worker {workerId}: items from {input}, results to {output}. Ctrl+C to stop.");
        await worker.RunAsync(stop.Token);
        Console.WriteLine($"Worker {workerId} processed {worker.ItemsProcessed} items.");
        return 0;
    }

    case ["collector", var endpoint, ..]:
    {
        var count = int.Parse(args.At(2, DefaultCount));
        await using var collector = new WorkStageCollector(endpoint, new ZmqCollectorOptions { Serializer = serializer });
        Console.WriteLine($"Collector bound to {collector.Endpoint} ({serializer.Name}), waiting for {count} results.");
        var perWorker = new SortedDictionary<string, int>();
        var received = 0;
        await foreach (var result in collector.ReadAllAsync())
        {
            perWorker[result.WorkerId] = perWorker.GetValueOrDefault(result.WorkerId) + 1;
            if (++received == count)
            {
                break;
            }
        }

        Console.WriteLine(string.Join(Environment.NewLine, perWorker.Select(entry => $"worker {entry.Key}: {entry.Value} results")));
        return 0;
    }

    default:
        Console.Error.WriteLine("""
            usage: Pipeline producer  <bind-endpoint> [count]
                   Pipeline worker    <producer-endpoint> <collector-endpoint>
                   Pipeline collector <bind-endpoint> [count]
                   [--serializer msgpack|json]
            """);
        return 2;
}
