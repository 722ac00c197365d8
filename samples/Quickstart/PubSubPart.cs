using System;
using System.Threading.Tasks;
using ZmqContracts;

namespace Quickstart;

/// <summary>The publish/subscribe contract: a record with a topic; the generator makes it an ITopicMessage.</summary>
[Topic("greetings")]
public partial record Greeting(string Text);

/// <summary>Publish/subscribe: a publisher on a free loopback port, and a subscriber that receives three greetings.</summary>
public static class PubSubPart
{
    public static async Task RunAsync()
    {
        await using var publisher = new ZmqPublisher("tcp://127.0.0.1:*");
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        Console.WriteLine($"Publisher bound to {publisher.Endpoint}");

        var receiving = ReceiveAsync(subscriber, 3);
        await publisher.WaitForSubscriberAsync<Greeting>().WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var text in new[] { "hello", "bonjour", "hallo" })
        {
            await publisher.PublishAsync(new Greeting(text));
        }

        await receiving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task ReceiveAsync(ZmqSubscriber subscriber, int count)
    {
        await Task.Yield();
        var received = 0;
        await foreach (var greeting in subscriber.Subscribe<Greeting>())
        {
            Console.WriteLine($"Received greeting: {greeting.Text}");
            if (++received == count)
            {
                return;
            }
        }
    }
}
