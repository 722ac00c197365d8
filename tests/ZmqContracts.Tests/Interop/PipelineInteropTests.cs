using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;

namespace ZmqContracts.Tests.Interop;

/// <summary>
/// pyzmq pipeline peers (samples/python/producer.py, worker.py, collector.py) against generated producers, workers and
/// collectors of the pipeline tests' IWorkStage, the stage of samples/Pipeline (its WorkItem's optional Padding the Python
/// peers leave out and ignore). Raw does not apply: work items and results are records.
/// </summary>
public class PipelineInteropTests
{
    private const int Items = 100;

    [PythonFact]
    public Task A_pyzmq_producer_feeds_generated_workers_whose_results_a_pyzmq_collector_counts_with_msgpack() => PythonProducerFeedsWorkers("msgpack");

    [PythonFact]
    public Task A_pyzmq_producer_feeds_generated_workers_whose_results_a_pyzmq_collector_counts_with_send_json() => PythonProducerFeedsWorkers("json");

    [PythonFact]
    public Task A_generated_producer_feeds_pyzmq_workers_whose_results_a_generated_collector_reads_with_msgpack() => ProducerFeedsPythonWorkers("msgpack");

    [PythonFact]
    public Task A_generated_producer_feeds_pyzmq_workers_whose_results_a_generated_collector_reads_with_json() => ProducerFeedsPythonWorkers("json");

    [PythonFact]
    public Task In_acknowledged_mode_pyzmq_workers_echo_the_ids_so_the_collector_acknowledges_every_item() => ProducerFeedsPythonWorkers("msgpack", acknowledged: true);

    [PythonFact]
    public async Task Items_a_pyzmq_producer_sends_in_json_to_msgpack_workers_reach_the_collector_as_bad_request_failures()
    {
        using var producer = Python.Start("producer.py", Loopback.AnyPort, "--count", "3", "--serializer", "json");
        var producerEndpoint = await producer.WaitForAsync("listening on");
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("a"), producerEndpoint, collector.Endpoint);
        worker.Start();

        using var timeLimit = PipelineTesting.TimeLimit();
        await using var failures = collector.ReadFailuresAsync(timeLimit.Token).GetAsyncEnumerator();
        var failed = await failures.TakeAsync(3);

        Assert.All(failed, failure => Assert.Equal(ZmqErrorCode.BadRequest, failure.Error.Code));
        Assert.Equal(["{\"num\": 0}", "{\"num\": 1}", "{\"num\": 2}"], failed.Select(failure => Encoding.UTF8.GetString(failure.Item.Span)).Order());
        Assert.Equal(3, worker.ItemsFailed);
        Assert.Equal(["sent 3 items"], await producer.ExitedAsync());
    }

    private static async Task PythonProducerFeedsWorkers(string format)
    {
        using var collector = Python.Start("collector.py", Loopback.AnyPort, "--count", $"{Items}", "--serializer", format);
        using var producer = Python.Start("producer.py", Loopback.AnyPort, "--count", $"{Items}", "--workers", "2", "--serializer", format);
        var collectorEndpoint = await collector.WaitForAsync("listening on");
        var producerEndpoint = await producer.WaitForAsync("listening on");
        var options = new ZmqWorkerOptions { Serializer = ZmqSerializers.ByName(format) };
        await using var first = new WorkStageWorker(new TestWorkStage("a"), producerEndpoint, collectorEndpoint, options);
        await using var second = new WorkStageWorker(new TestWorkStage("b"), producerEndpoint, collectorEndpoint, options);
        first.Start();
        second.Start();

        Assert.Equal([$"sent {Items} items"], await producer.ExitedAsync());
        var perWorker = (await collector.ExitedAsync())
            .Select(line => Regex.Match(line, @"^worker (\S+): (\d+) results$"))
            .ToDictionary(match => match.Groups[1].Value, match => int.Parse(match.Groups[2].Value));

        // producer.py waited for both workers, so ZeroMQ gave each its turn.
        Assert.Equal(["a", "b"], perWorker.Keys.Order());
        Assert.Equal(Items, perWorker.Values.Sum());
        Assert.Equal(Items, first.ItemsProcessed + second.ItemsProcessed);
    }

    private static async Task ProducerFeedsPythonWorkers(string format, bool acknowledged = false)
    {
        var serializer = ZmqSerializers.ByName(format);
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions
        {
            Serializer = serializer,
            AcknowledgementEndpoint = acknowledged ? Loopback.AnyPort : null,
        });
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            Serializer = serializer,
            AcknowledgementEndpoint = collector.AcknowledgementEndpoint,
            RedeliveryTimeout = TimeSpan.FromSeconds(2),
            Linger = Within.Timeout,
        });
        // worker.py takes items until none comes for its --timeout (nothing tells it the producer is done): disposing kills it.
        using var first = Python.Start("worker.py", producer.Endpoint, collector.Endpoint, "--id", "py1", "--serializer", format);
        using var second = Python.Start("worker.py", producer.Endpoint, collector.Endpoint, "--id", "py2", "--serializer", format);
        using var timeLimit = PipelineTesting.TimeLimit();
        await using var results = collector.ReadAllAsync(timeLimit.Token).GetAsyncEnumerator();
        await PipelineTesting.WarmUpAsync(producer, results, ["py1", "py2"]);

        for (var num = 0; num < Items; num++)
        {
            await producer.Process(new WorkItem(num), timeLimit.Token);
        }

        var received = await results.TakeAsync(Items);
        Assert.Equal(Enumerable.Range(0, Items), received.Select(result => result.Num).Order());
        Assert.Equal(["py1", "py2"], received.Select(result => result.WorkerId).Distinct().Order());
        Assert.Equal(0, collector.FailureCount);

        // Disposing waits for the acknowledgements; had a worker dropped the ids, the items would be abandoned instead.
        await producer.DisposeAsync().AsTask().Bound();
        Assert.Equal(0, producer.PendingItems);
        Assert.Equal(0, producer.ItemsAbandoned);
    }
}
