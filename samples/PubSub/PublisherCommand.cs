using System;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace PubSubSample;

/// <summary>zmq_server.py, typed: publishes a message for client1 and one for client2 per round.</summary>
internal static class PublisherCommand
{
    public static async Task<int> RunAsync(string endpoint, int rounds, IZmqSerializer serializer, CancellationToken cancellationToken)
    {
        await using var publisher = new ZmqPublisher(endpoint, new ZmqPublisherOptions { Serializer = serializer });
        Console.WriteLine($"Publishing on {publisher.Endpoint} ({serializer.Name}); waiting for a client1 and a client2 subscriber (Ctrl+C to stop)…");

        // No sleeping for slow joiners: the XPUB socket tells when each subscription has arrived.
        await publisher.WaitForSubscriberAsync<Client1Message>(cancellationToken);
        await publisher.WaitForSubscriberAsync<Client2Message>(cancellationToken);

        for (var round = 1; round <= rounds; round++)
        {
            await publisher.PublishAsync(new Client1Message($"message for client1 #{round}"), cancellationToken);
            await publisher.PublishAsync(new Client2Message($"message for client2 #{round}"), cancellationToken);
        }

        Console.WriteLine($"Published {rounds} rounds.");
        return 0;
    }
}
