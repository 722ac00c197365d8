using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Security;

/// <summary>CURVE between a publisher (the CURVE server: it binds) and its subscribers.</summary>
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
}
