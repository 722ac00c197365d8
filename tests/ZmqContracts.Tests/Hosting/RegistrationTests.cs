using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace ZmqContracts.Tests.Hosting;

/// <summary>Two registrations of one type keep options, singletons and health checks of their own.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task TwoServersAndTwoClientsOfOneContractStartAndEachClientIsItsOwn()
    {
        var (first, second) = (Loopback.FreeEndpoint(), Loopback.FreeEndpoint());
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:First:Endpoint"] = first,
            ["Zmq:Second:Endpoint"] = second,
        });
        builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:First")).AddContract<IWelcomer, Welcomer>();
        builder.Services.AddZmqServer(options => options.Endpoint = second).AddContract<IWelcomer, Welcomer>();
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:First"));
        builder.Services.AddZmqClient<IWelcomer>(options => options.Endpoint = second);
        builder.Services.AddHealthChecks().AddZmqContracts();
        using var host = builder.Build();
        await host.StartAsync().Bound();

        var firstClient = host.Services.GetRequiredKeyedService<WelcomerClient>("Zmq:First");
        var secondClient = host.Services.GetRequiredKeyedService<IWelcomer>("IWelcomer client");
        Assert.Equal(first, firstClient.Endpoint);
        Assert.Equal(second, ((WelcomerClient)secondClient).Endpoint);
        Assert.Same(secondClient, host.Services.GetRequiredService<IWelcomer>());
        Assert.Equal([firstClient, secondClient], host.Services.GetServices<IWelcomer>());
        Assert.Equal(["Welcome, a", "Welcome, b"], await Task.WhenAll(firstClient.Welcome("a"), secondClient.Welcome("b")).Bound());
        await Task.WhenAll(firstClient.Connected(), ((WelcomerClient)secondClient).Connected()).Bound();

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().Bound();
        Assert.Equal(["IWelcomer client", "IWelcomer client 2", "IWelcomer server", "IWelcomer server 2"], health.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(health.Entries.Values, entry => Assert.Equal(HealthStatus.Healthy, entry.Status));
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task ClientsOfTwoContractsBoundFromOneSectionShareItsOptions()
    {
        // One server serving both contracts, as AddContract invites: one section for both clients.
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Zmq:Backend:Endpoint"] = endpoint });
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(options => options.Endpoint = endpoint).AddContract<IAdder, Adder>().AddContract<IWelcomer, Welcomer>();
        builder.Services.AddZmqClient<IAdder>(builder.Configuration.GetSection("Zmq:Backend"));
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Backend"));
        builder.Services.Configure<ZmqClientOptions>("Zmq:Backend", options => options.RequestTimeout = TimeSpan.FromSeconds(7));
        using var host = builder.Build();
        await host.StartAsync().Bound();

        Assert.Equal(TimeSpan.FromSeconds(7), host.Services.GetRequiredService<IOptionsMonitor<ZmqClientOptions>>().Get("Zmq:Backend").RequestTimeout);
        Assert.Equal(3, await host.Services.GetRequiredKeyedService<IAdder>("Zmq:Backend").Add(1, 2).Bound());
        Assert.Equal("Welcome, a", await host.Services.GetRequiredKeyedService<IWelcomer>("Zmq:Backend").Welcome("a").Bound());
        await host.StopAsync().Bound();
    }

    [Fact]
    public void ClientsBoundFromOneSectionLogUnderTheirOwnContracts()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Zmq:Backend:Endpoint"] = Loopback.FreeEndpoint() });
        var categories = new CategoryRecorder();
        builder.Logging.AddProvider(categories);
        builder.Services.AddZmqClient<IAdder>(builder.Configuration.GetSection("Zmq:Backend"));
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Backend"));
        using var host = builder.Build();

        host.Services.GetRequiredService<IAdder>();
        host.Services.GetRequiredService<IWelcomer>();

        Assert.Contains("ZmqContracts.Client.IAdder", categories.Created);
        Assert.Contains("ZmqContracts.Client.IWelcomer", categories.Created);
    }

    [Fact]
    public async Task TwoSubscriptionsOfOneMessageSetInCodeEachSubscribeToTheirOwnPublisher()
    {
        await using var first = new ZmqPublisher(Loopback.AnyPort);
        await using var second = new ZmqPublisher(Loopback.AnyPort);
        first.Start();
        second.Start();
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton<ReceivedTicks>();
        builder.Services.AddZmqSubscription<HostedTick, TickHandler>(options => options.Endpoint = first.Endpoint);
        builder.Services.AddZmqSubscription<HostedTick, TickHandler>(options => options.Endpoint = second.Endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();

        await Task.WhenAll(first.WaitForSubscriberAsync<HostedTick>(), second.WaitForSubscriberAsync<HostedTick>()).Bound();
        await first.PublishAsync(new HostedTick(1)).Bound();
        await second.PublishAsync(new HostedTick(2)).Bound();

        var ticks = host.Services.GetRequiredService<ReceivedTicks>().Ticks.Reader;
        Assert.Equal([1, 2], new[] { (await ticks.ReadAsync().AsTask().Bound()).Number, (await ticks.ReadAsync().AsTask().Bound()).Number }.Order());
        var options = host.Services.GetRequiredService<IOptionsMonitor<ZmqSubscriberOptions>>();
        Assert.Equal((first.Endpoint, second.Endpoint), (options.Get("HostedTick subscription").Endpoint, options.Get("HostedTick subscription 2").Endpoint));
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task OptionsBoundFromASectionNamedAsOptionsSetInCodeAreTheirOwn()
    {
        var (codePublisher, boundPublisher, codeServer, boundServer) = (Loopback.FreeEndpoint(), Loopback.FreeEndpoint(), Loopback.FreeEndpoint(), Loopback.FreeEndpoint());
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["ZmqPublisher:Endpoint"] = boundPublisher,
            ["ZmqServer:Endpoint"] = boundServer,
        });
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqPublisher(options => options.Endpoint = codePublisher);
        builder.Services.AddZmqPublisher(builder.Configuration.GetSection("ZmqPublisher"));
        var inCode = builder.Services.AddZmqServer(options => options.Endpoint = codeServer).AddContract<IWelcomer, Welcomer>();
        var bound = builder.Services.AddZmqServer(builder.Configuration.GetSection("ZmqServer")).AddContract<IAdder, Adder>();
        using var host = builder.Build();
        await host.StartAsync().Bound();

        Assert.Equal(("ZmqServer", "ZmqServer 2"), (inCode.OptionsName, bound.OptionsName));
        Assert.Equal([codePublisher, boundPublisher], host.Services.GetServices<ZmqPublisher>().Select(publisher => publisher.Endpoint));
        await using var welcomer = new WelcomerClient(codeServer);
        await using var adder = new AdderClient(boundServer);
        Assert.Equal("Welcome, a", await welcomer.Welcome("a").Bound());
        Assert.Equal(3, await adder.Add(1, 2).Bound());
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task OptionsBoundFromTheRootNamedAsOptionsSetInCodeAreTheirOwn()
    {
        var builder = TestHosts.Builder(new Dictionary<string, string?> { ["Endpoint"] = Loopback.AnyPort, ["MaxConcurrency"] = "0" });
        builder.Services.AddZmqServer(options => options.Endpoint = Loopback.AnyPort).AddContract<IWelcomer, Welcomer>();
        builder.Services.AddZmqServer(builder.Configuration).AddContract<IWelcomer, Welcomer>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().Bound());

        Assert.Equal("ZmqServer 2", failure.OptionsName);
        Assert.StartsWith("MaxConcurrency: ", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }
}

/// <summary>Records the category of every logger the host's logger factory creates.</summary>
internal sealed class CategoryRecorder : ILoggerProvider
{
    public ConcurrentQueue<string> Created { get; } = new();

    public ILogger CreateLogger(string categoryName)
    {
        Created.Enqueue(categoryName);
        return NullLogger.Instance;
    }

    public void Dispose()
    {
    }
}
