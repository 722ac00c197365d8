using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace PubSubSample;

/// <summary>zmq_client1.py and zmq_client2.py, typed: subscribes to one topic and prints what arrives, nothing else.</summary>
internal static class SubscriberCommand
{
    public static async Task<int> RunAsync(string topic, string endpoint, int count, IZmqSerializer serializer, CancellationToken cancellationToken)
    {
        await using var subscriber = new ZmqSubscriber(endpoint, new ZmqSubscriberOptions { Serializer = serializer });

        // ZeroMQ drops silently (a publisher's high-water mark, a connection that was down); the numbers show it.
        subscriber.MessagesMissed += (_, missed) => Console.Error.WriteLine(missed);
        Console.WriteLine($"Subscribed to {topic} at {endpoint} ({serializer.Name}); printing {count} messages (Ctrl+C to stop)…");
        switch (topic)
        {
            case "client1":
                await PrintAsync(subscriber.Subscribe<Client1Message>(cancellationToken), count);
                return 0;
            case "client2":
                await PrintAsync(subscriber.Subscribe<Client2Message>(cancellationToken), count);
                return 0;
            default:
                Console.Error.WriteLine($"Unknown topic {topic}: client1 or client2.");
                return 2;
        }
    }

    private static async Task PrintAsync<T>(IAsyncEnumerable<T> messages, int count)
    {
        var received = 0;
        await foreach (var message in messages)
        {
            Console.WriteLine(message);
            if (++received == count)
            {
                return;
            }
        }
    }
}
