using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace PubSubSample;

/// <summary>
/// A topic template: quotes of several symbols go out under prices.{Symbol}; the watcher subscribes to one symbol with
/// the generated Price.TopicFor and sees nothing else. The publisher waits for the watcher instead of dropping quotes.
/// </summary>
internal static class TickerCommand
{
    private static readonly string[] Symbols = ["MSFT", "IBM", "MSFTX", "AAPL"];

    public static async Task<int> RunAsync(string symbol, int quotes, IZmqSerializer serializer, CancellationToken cancellationToken)
    {
        var quotesOfSymbol = Enumerable.Range(0, quotes).Count(i => Symbols[i % Symbols.Length] == symbol);
        if (quotesOfSymbol == 0)
        {
            Console.Error.WriteLine($"{quotes} quotes include none of {symbol}: watch one of {string.Join(", ", Symbols)}, with at least {Symbols.Length} quotes.");
            return 2;
        }

        await using var publisher = new ZmqPublisher("tcp://127.0.0.1:*", new ZmqPublisherOptions { Serializer = serializer, SlowSubscribers = SlowSubscriberMode.Wait });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint, new ZmqSubscriberOptions { Serializer = serializer });
        var watching = WatchAsync(subscriber, symbol, quotesOfSymbol, cancellationToken);
        await publisher.WaitForSubscriberAsync(Price.TopicFor(symbol), cancellationToken);

        for (var i = 0; i < quotes; i++)
        {
            var bid = 100m + i;
            await publisher.PublishAsync(new Price(Symbols[i % Symbols.Length], bid, bid + 0.25m), cancellationToken);
        }

        await watching;
        return 0;
    }

    private static async Task WatchAsync(ZmqSubscriber subscriber, string symbol, int count, CancellationToken cancellationToken)
    {
        await Task.Yield();
        Console.WriteLine($"Watching {Price.TopicFor(symbol).Subscription} for {count} quotes…");
        var received = 0;
        await foreach (var price in subscriber.Subscribe(Price.TopicFor(symbol), cancellationToken))
        {
            Console.WriteLine($"{price.Symbol}: bid {price.Bid}, ask {price.Ask}");
            if (++received == count)
            {
                return;
            }
        }
    }
}
