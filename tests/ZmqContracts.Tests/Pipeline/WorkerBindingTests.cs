using System.Buffers;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>A worker that binds its input or its output, for a producer or a collector that connects.</summary>
public class WorkerBindingTests
{
    [Fact]
    public async Task A_worker_that_binds_both_sides_takes_items_from_a_connecting_producer_and_gives_results_to_a_connecting_collector()
    {
        await using var worker = new WorkStageWorker(new TestWorkStage("bound"), Loopback.AnyPort, Loopback.AnyPort, new ZmqWorkerOptions { BindInput = true, BindOutput = true });
        Assert.Equal(Loopback.AnyPort, worker.InputEndpoint);
        worker.Start();
        Assert.NotEqual(Loopback.AnyPort, worker.InputEndpoint);
        Assert.NotEqual(worker.InputEndpoint, worker.OutputEndpoint);

        using var producer = new PushSocket();
        using var collector = new PullSocket();
        producer.Connect(worker.InputEndpoint);
        collector.Connect(worker.OutputEndpoint!);
        var item = new ArrayBufferWriter<byte>();
        ZmqSerializers.MessagePack.Serialize(item, new WorkItem(7));
        producer.SendFrames(item.WrittenSpan.ToArray());

        var result = ZmqSerializers.MessagePack.Deserialize<WorkResult>(Assert.Single(collector.ReceiveFrames()));
        Assert.Equal(new WorkResult(7, "bound"), result);
    }

    [IPv6Fact]
    public async Task A_worker_that_binds_both_sides_on_the_IPv6_loopback_works_and_frees_both_ports_when_disposed()
    {
        var worker = new WorkStageWorker(new TestWorkStage("v6"), IPv6Loopback.AnyPort, IPv6Loopback.AnyPort, new ZmqWorkerOptions { BindInput = true, BindOutput = true });
        worker.Start();
        var (input, output) = (worker.InputEndpoint, worker.OutputEndpoint!);
        Assert.Matches(@"^tcp://\[::1\]:\d+$", input);
        Assert.Matches(@"^tcp://\[::1\]:\d+$", output);
        using (var producer = new PushSocket())
        using (var collector = new PullSocket())
        {
            producer.Connect(input);
            collector.Connect(output);
            var item = new ArrayBufferWriter<byte>();
            ZmqSerializers.MessagePack.Serialize(item, new WorkItem(6));
            producer.SendFrames(item.WrittenSpan.ToArray());
            Assert.Equal(new WorkResult(6, "v6"), ZmqSerializers.MessagePack.Deserialize<WorkResult>(Assert.Single(collector.ReceiveFrames())));
        }

        await worker.DisposeAsync().AsTask().Bound();

        using var next = new PullSocket();
        next.Bind(input);
        next.Bind(output);
    }

    [Fact]
    public async Task A_worker_that_binds_its_output_connects_its_input_to_the_producer()
    {
        await using var producer = new WorkStageProducer(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("tutorial"), producer.Endpoint, Loopback.AnyPort, new ZmqWorkerOptions { BindOutput = true });
        worker.Start();
        Assert.Equal(producer.Endpoint, worker.InputEndpoint);

        using var collector = new PullSocket();
        collector.Connect(worker.OutputEndpoint!);
        await producer.Process(new WorkItem(3)).AsTask().WaitAsync(Within.Timeout);

        var result = ZmqSerializers.MessagePack.Deserialize<WorkResult>(Assert.Single(collector.ReceiveFrames()));
        Assert.Equal(new WorkResult(3, "tutorial"), result);
    }

    [Fact]
    public async Task A_worker_that_cannot_bind_its_output_says_which_endpoint()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort);
        await using var worker = new WorkStageWorker(new TestWorkStage("late"), Loopback.AnyPort, collector.Endpoint, new ZmqWorkerOptions { BindOutput = true });

        var failure = Assert.Throws<ZmqException>(worker.Start);
        Assert.Contains(collector.Endpoint, failure.Message);
    }
}
