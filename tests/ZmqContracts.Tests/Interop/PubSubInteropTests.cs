using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Interop;

/// <summary>
/// pyzmq PUB and SUB peers (samples/python/pub.py, sub.py) against a typed <see cref="ZmqSubscriber"/> and
/// <see cref="ZmqPublisher"/>, with the publish/subscribe tests' Client1Message and Client2Message, which are those of
/// samples/PubSub (a topic is declared once per compilation). Raw does not apply: topic messages are records.
/// </summary>
public class PubSubInteropTests
{
    [PythonFact]
    public Task A_pyzmq_publisher_feeds_a_typed_subscriber_exact_topics_only_with_msgpack() => PythonPublisherFeedsSubscriber("msgpack");

    [PythonFact]
    public Task A_pyzmq_publisher_feeds_a_typed_subscriber_exact_topics_only_with_json() => PythonPublisherFeedsSubscriber("json");

    [PythonFact]
    public Task A_typed_publisher_feeds_a_pyzmq_subscriber_of_client1_with_msgpack() => PublisherFeedsPythonSubscriber("msgpack");

    [PythonFact]
    public Task A_typed_publisher_feeds_a_pyzmq_subscriber_of_client1_with_json() => PublisherFeedsPythonSubscriber("json");

    private static async Task PythonPublisherFeedsSubscriber(string format)
    {
        // pub.py publishes once every topic has a subscriber; ZeroMQ's prefix match gives client10 to the client1 subscription.
        using var python = Python.Start("pub.py", Loopback.AnyPort, "--topics", "client1", "client10", "client2", "--count", "3", "--serializer", format);
        var endpoint = await python.WaitForAsync("listening on");
        await using var subscriber = new ZmqSubscriber(endpoint, new ZmqSubscriberOptions { Serializer = ZmqSerializers.ByName(format) });
        var client1 = subscriber.Subscribe<Client1Message>().StartTaking(3);
        var client2 = subscriber.Subscribe<Client2Message>().StartTaking(3);

        Assert.Equal(["message for client1 #1", "message for client1 #2", "message for client1 #3"], (await client1.Bound()).Select(message => message.Text));
        Assert.Equal(["message for client2 #1", "message for client2 #2", "message for client2 #3"], (await client2.Bound()).Select(message => message.Text));
        Assert.Equal(["published 3 messages per topic"], await python.ExitedAsync());

        // Each round's client10 came before its client2 on the one connection, so all three were turned away by now.
        Assert.Equal(3, subscriber.Statistics.Unmatched);
        Assert.Equal(0, subscriber.Statistics.Undeserializable);

        // A pyzmq PUB sends no position: the six messages taken are read, none can be checked, none is reported missed.
        Assert.Equal(6, subscriber.Statistics.Unnumbered);
        Assert.Equal(0, subscriber.Statistics.Missed);
    }

    private static async Task PublisherFeedsPythonSubscriber(string format)
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { Serializer = ZmqSerializers.ByName(format) });
        using var python = Python.Start("sub.py", publisher.Endpoint, "--topic", "client1", "--count", "3", "--serializer", format);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();

        for (var round = 1; round <= 3; round++)
        {
            await publisher.PublishAsync(new Client2Message($"message for client2 #{round}")).Bound();
            await publisher.PublishAsync(new Client1Message($"message for client1 #{round}")).Bound();
        }

        // sub.py prints the topic frame and the payload as a dict: camelCase keys in either format (samples/python/zmqc.py).
        Assert.Equal(
            ["client1 {'text': 'message for client1 #1'}", "client1 {'text': 'message for client1 #2'}", "client1 {'text': 'message for client1 #3'}"],
            await python.ExitedAsync());
    }
}
