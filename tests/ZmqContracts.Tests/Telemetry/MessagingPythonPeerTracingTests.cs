using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>
/// pyzmq peers still read what traced endpoints send: a SUB socket reads <c>[topic][payload]</c> off the front of a
/// message that ends with the trace frame, and the tutorial's worker, which reads one frame per item with
/// <c>recv_json()</c>, gets one-frame items, which the default policy never grows.
/// </summary>
[Collection(nameof(Tracing))]
public class MessagingPythonPeerTracingTests
{
    [PythonFact]
    public async Task A_pyzmq_subscriber_reads_the_messages_of_a_traced_publisher()
    {
        using var telemetry = new RecordedTelemetry();
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        using var python = Python.Start("sub.py", publisher.Endpoint, "--topic", "client1", "--count", "2", "--serializer", "msgpack");
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();
        await publisher.PublishAsync(new Client1Message("first")).Bound();
        await publisher.PublishAsync(new Client1Message("second")).Bound();

        Assert.Equal(["client1 {'text': 'first'}", "client1 {'text': 'second'}"], await python.ExitedAsync());
        Assert.Equal(2, telemetry.Spans.Count(span => span.DisplayName == "send client1" && span.Kind == ActivityKind.Producer));
    }

    [PythonFact]
    public async Task The_tutorial_worker_that_reads_one_frame_per_item_works_for_a_traced_producer()
    {
        using var telemetry = new RecordedTelemetry();
        await using var producer = new TutorialConsumerProducer(Loopback.AnyPort);
        using var consumer = Python.Start("tutorial/run.py", "tutorial/pipeline/consumer.py", producer.Endpoint);
        using var collector = Python.Start("tutorial/run.py", "tutorial/pipeline/resultcollector.py", await consumer.WaitForAsync("listening on"));

        await producer.Consume(new WorkMessage(1)).AsTask().Bound();

        Assert.Matches(@"^\{\d+: 1000\}$", Assert.Single(await collector.ExitedAsync()));
        Assert.Single(telemetry.Spans, span => span.DisplayName == "send TutorialConsumer/Consume");
    }
}
