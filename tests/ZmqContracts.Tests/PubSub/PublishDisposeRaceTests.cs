using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.PubSub;

/// <summary>
/// A publish that throws was not published: disposing a publisher while a caller publishes never makes a publish throw
/// for a message that goes out anyway (a caller that retries would publish it twice).
/// </summary>
public class PublishDisposeRaceTests
{
    private const int Rounds = 30;

    [Fact]
    public async Task In_wait_mode_a_publish_that_throws_while_the_publisher_is_disposed_was_not_sent_and_every_other_was()
    {
        var random = new Random(12);
        for (var round = 0; round < Rounds; round++)
        {
            await RaceOnceAsync(disposeAfter: random.Next(1, 40));
        }
    }

    /// <summary>
    /// Publishes ticks 0, 1, 2… one after the other, starts disposing the publisher on another thread after
    /// <paramref name="disposeAfter"/> of them, and goes on until a publish throws. A raw subscriber then holds exactly the
    /// ticks whose publish completed: it reads everything the publisher sent once the publisher's connection has closed.
    /// </summary>
    private static async Task RaceOnceAsync(int disposeAfter)
    {
        // A window of 2 sends a flow-control marker after every message: a dispose can come between the message and its marker.
        var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { SlowSubscribers = SlowSubscriberMode.Wait, WaitWindow = 2 });
        var flowPeer = new ZmqSubscriber(publisher.Endpoint);
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in flowPeer.Subscribe<Tick>())
            {
            }
        });
        using var observer = new SubscriberSocket();
        await using var disconnects = new Disconnects(observer);
        observer.Subscribe("ticks");
        observer.Subscribe("rounds.1");
        observer.Connect(publisher.Endpoint);
        await publisher.WaitForSubscriberAsync<Tick>().Bound();
        await publisher.WaitForSubscriberAsync(Round.TopicFor(1)).Bound();

        var published = 0;
        Task? disposing = null;
        Exception? thrown = null;
        while (thrown is null)
        {
            Assert.True(published < 10_000, "the publisher was never disposed");
            if (published == disposeAfter)
            {
                // A thread of its own: a thread pool that the other tests keep busy could start it after every publish.
                disposing = Task.Factory.StartNew(publisher.Dispose, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            try
            {
                await publisher.PublishAsync(new Tick(published)).Bound();
                published++;
            }
            catch (ObjectDisposedException exception)
            {
                thrown = exception;
            }
        }

        await disposing!.Bound();
        await disconnects.Next.Bound();
        Assert.Equal(Enumerable.Range(0, published).Select(number => (long)number), Received(observer));
        await flowPeer.DisposeAsync();
        await reading.Bound();
    }

    private static List<long> Received(SubscriberSocket observer)
    {
        var received = new List<long>();
        var message = new NetMQMessage();
        while (observer.TryReceiveMultipartMessage(TimeSpan.Zero, ref message))
        {
            received.Add(PayloadFrames.Deserialize<Tick>(ZmqSerializers.MessagePack, message[1].Buffer, "tick").Sequence);
            message = new NetMQMessage();
        }

        return received;
    }
}
