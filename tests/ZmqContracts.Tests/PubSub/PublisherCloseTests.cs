using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.PubSub;

/// <summary>
/// A publisher's close, like every sender's, gives NetMQ <see cref="SocketLoop.SettleTime"/> after the last message it
/// took before the socket's abortive close (benchmarks/FINDINGS.md, "Closing a sender"), so that the engine writes the
/// last messages out first. The publisher writes to its socket itself, not through the loop's sends.
/// </summary>
public class PublisherCloseTests
{
    [Fact]
    public async Task Dispose_right_after_a_publish_waits_the_settle_time_from_that_publish()
    {
        var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        await using var prices = subscriber.Subscribe<Price>().GetAsyncEnumerator();
        await publisher.WaitForSubscriberAsync<Price>().Bound();

        // A lower bound only: a loaded machine makes the close later, never sooner. The timer counts whole milliseconds.
        var sincePublish = Stopwatch.StartNew();
        await publisher.PublishAsync(new Price("MSFT", 1, 2)).Bound();
        await publisher.DisposeAsync().AsTask().Bound();

        Assert.True(sincePublish.Elapsed >= SocketLoop.SettleTime - TimeSpan.FromMilliseconds(2), $"The publisher closed {sincePublish.Elapsed.TotalMilliseconds:F1} ms after its last message, before the settle time of {SocketLoop.SettleTime.TotalMilliseconds} ms.");
        Assert.True(await prices.MoveNextAsync().AsTask().Bound());
    }
}
