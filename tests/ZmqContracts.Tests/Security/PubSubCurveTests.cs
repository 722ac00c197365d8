using System.Linq;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Security;

/// <summary>CURVE between a publisher and its subscribers: the side that binds is the CURVE server.</summary>
public class PubSubCurveTests
{
    [Theory]
    [InlineData("none")]
    [InlineData("wrong")]
    public async Task Only_a_subscriber_with_the_publishers_public_key_receives(string serverKey)
    {
        var serverKeys = ZmqCurveKeyPair.Generate();
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { Curve = ZmqCurve.Server(serverKeys) });
        await using var impostor = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { Curve = CurveTesting.ClientWith(serverKey) });
        var overheard = impostor.Subscribe<Client1Message>().StartTaking(1);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { Curve = ZmqCurve.Client(serverKeys.PublicKey) });
        var received = subscriber.Subscribe<Client1Message>().StartTaking(3);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();

        for (var i = 0; i < 3; i++)
        {
            await publisher.PublishAsync(new Client1Message($"secret {i}")).Bound();
        }

        // The impostor subscribed before the trusted subscriber and was sent to as soon as it: what it has not got by now, it never gets.
        Assert.Equal(["secret 0", "secret 1", "secret 2"], (await received.Bound()).Select(message => message.Text));
        Assert.False(overheard.IsCompleted);
        Assert.Equal(0, impostor.Statistics.Received);
    }

    [Fact]
    public async Task A_publisher_that_connects_to_a_proxy_is_a_CURVE_client_of_the_proxy()
    {
        // The proxy binds both its sockets, so it is the CURVE server on both, with one key pair.
        var proxyKeys = new NetMQCertificate();
        using var frontend = new XSubscriberSocket();
        using var backend = new XPublisherSocket();
        foreach (var socket in new NetMQSocket[] { frontend, backend })
        {
            socket.Options.CurveServer = true;
            socket.Options.CurveCertificate = proxyKeys;
        }

        var publishers = $"tcp://127.0.0.1:{frontend.BindRandomPort("tcp://127.0.0.1")}";
        var subscribers = $"tcp://127.0.0.1:{backend.BindRandomPort("tcp://127.0.0.1")}";
        using var poller = new NetMQPoller { frontend, backend };
        new Proxy(frontend, backend, poller: poller).Start();
        poller.RunAsync();
        try
        {
            var client = ZmqCurve.Client(proxyKeys.PublicKeyZ85);
            await using var publisher = new ZmqPublisher(publishers, new ZmqPublisherOptions { Connect = true, Curve = client });
            await using var subscriber = new ZmqSubscriber(subscribers, new ZmqSubscriberOptions { Curve = client });
            var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
            await publisher.WaitForSubscriberAsync<Client1Message>().Bound();

            await publisher.PublishAsync(new Client1Message("through the proxy")).Bound();

            Assert.Equal("through the proxy", (await received.Bound()).Single().Text);
        }
        finally
        {
            poller.Stop();
        }
    }
}
