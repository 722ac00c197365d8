using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace ZmqContracts.Tests.Hosting;

/// <summary>A pipeline and a subscription registered with a host: the worker and the subscription are hosted services.</summary>
public sealed class HostedPipelineAndSubscriptionTests
{
    [Fact]
    public async Task AHostedWorkerProcessesWhatTheProducerSendsIntoTheCollector()
    {
        var items = Loopback.FreeEndpoint();
        var results = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder();
        builder.Services.AddZmqProducer<ISquarer>(options => options.Endpoint = items);
        builder.Services.AddZmqCollector<ISquarer>(options => options.Endpoint = results);
        builder.Services.AddZmqWorker<ISquarer, Squarer>(options =>
        {
            options.InputEndpoint = items;
            options.OutputEndpoint = results;
        });
        using var host = builder.Build();
        var producer = host.Services.GetRequiredService<SquarerProducer>();
        var collector = host.Services.GetRequiredService<SquarerCollector>();
        await host.StartAsync().Bound();

        for (var i = 1; i <= 10; i++)
        {
            await producer.Square(i).AsTask().Bound();
        }

        var squares = new List<long>();
        await foreach (var outcome in collector.ReadOutcomesAsync(10).WithCancellation(default))
        {
            squares.Add(outcome.Result);
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i * i), squares.Order());
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task AHostedSubscriptionHandsEveryMessageToItsHandler()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton<ReceivedTicks>();
        builder.Services.AddZmqPublisher(options => options.Endpoint = Loopback.AnyPort);
        using var publisherHost = builder.Build();
        var publisher = publisherHost.Services.GetRequiredService<ZmqPublisher>();
        var subscriber = TestHosts.Builder();
        subscriber.Services.AddSingleton<ReceivedTicks>();
        subscriber.Services.AddZmqSubscription<HostedTick, TickHandler>(options => options.Endpoint = publisher.Endpoint);
        using var host = subscriber.Build();
        await host.StartAsync().Bound();

        await publisher.WaitForSubscriberAsync<HostedTick>().Bound();
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync(new HostedTick(i)).AsTask().Bound();
        }

        var received = host.Services.GetRequiredService<ReceivedTicks>().Ticks.Reader;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i, (await received.ReadAsync().AsTask().Bound()).Number);
        }

        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task TheRegisteredSubscriberReceivesWhatTheRegisteredPublisherSends()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder();
        builder.Services.AddZmqPublisher(options => options.Endpoint = endpoint);
        builder.Services.AddZmqSubscriber(options => options.Endpoint = endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();
        var publisher = host.Services.GetRequiredService<ZmqPublisher>();
        await using var ticks = host.Services.GetRequiredService<ZmqSubscriber>().Subscribe<HostedTick>().GetAsyncEnumerator();

        await publisher.WaitForSubscriberAsync<HostedTick>().Bound();
        await publisher.PublishAsync(new HostedTick(42)).AsTask().Bound();

        Assert.True(await ticks.MoveNextAsync().AsTask().Bound());
        Assert.Equal(42, ticks.Current.Number);
        await host.StopAsync().Bound();
    }
}
