using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Hosting;

/// <summary>AddZmqServer under a real host: several contracts on one endpoint, the implementation per call, start and stop.</summary>
public sealed class HostedServerTests
{
    [Fact]
    public async Task TwoContractsShareOneEndpoint()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(options => options.Endpoint = endpoint)
            .AddContract<IAdder, Adder>()
            .AddContract<IWelcomer, Welcomer>();
        builder.Services.AddZmqClient<IAdder>(options => options.Endpoint = endpoint);
        builder.Services.AddZmqClient<IWelcomer>(options => options.Endpoint = endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();

        Assert.Equal(5, await host.Services.GetRequiredService<IAdder>().Add(2, 3).Bound());
        Assert.Equal("Welcome, Ada", await host.Services.GetRequiredService<IWelcomer>().Welcome("Ada").Bound());
        Assert.Same(host.Services.GetRequiredService<IAdder>(), host.Services.GetRequiredService<AdderClient>());

        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task EachCallGetsAScopeOfItsOwnDisposedWhenItEnds()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.AdderServer(endpoint);
        builder.Services.AddZmqClient<IAdder>(options => options.Endpoint = endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();
        var adder = host.Services.GetRequiredService<IAdder>();

        var first = await adder.Report(waitForGate: false, default).Bound();
        var second = await adder.Report(waitForGate: false, default).Bound();

        Assert.NotEqual(first.ScopeId, second.ScopeId);
        Assert.Equal(first.ScopesDisposed + 1, second.ScopesDisposed);
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task AnEndpointInUseFailsTheStartNamingIt()
    {
        var endpoint = Loopback.FreeEndpoint();
        using var squatter = new RouterSocket();
        squatter.Bind(endpoint);
        using var host = TestHosts.AdderServer(endpoint).Build();

        var failure = await Assert.ThrowsAsync<ZmqException>(() => host.StartAsync().Bound());

        Assert.Contains(endpoint, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContractsWithAnOperationOfTheSameNameFailTheStartNamingBoth()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(options => options.Endpoint = Loopback.AnyPort)
            .AddContract<IAdder, Adder>()
            .AddContract<IOtherAdder, OtherAdder>();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => host.StartAsync().Bound());

        Assert.Contains("Adder and OtherAdder both have an operation named 'Add'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopDrainsTheCallInFlightAndFreesTheEndpoint()
    {
        var endpoint = Loopback.FreeEndpoint();
        await using var inFlight = await TestHosts.AdderCallInFlightAsync(endpoint);
        var (host, ledger, _, call) = inFlight;

        var stopping = host.StopAsync();
        Assert.False(stopping.IsCompleted);
        ledger.Gate.SetResult();

        Assert.Equal(1, (await call.Bound()).ScopeId);
        await stopping.Bound();
        using var next = new RouterSocket();
        next.Bind(endpoint);
    }

    [Fact]
    public async Task TheHostsShutdownTimeoutCutsTheDrainShort()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(100));
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(options =>
        {
            options.Endpoint = endpoint;
            options.DrainTimeout = TimeSpan.FromHours(1);
        }).AddContract<IAdder, Adder>();
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await using var client = new AdderClient(endpoint);
        var call = client.Report(waitForGate: true, default);
        await host.Services.GetRequiredService<CallLedger>().Entered.Task.Bound();

        await host.StopAsync().Bound();

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound());
        Assert.Equal(ZmqErrorCode.Interrupted, failure.Code);
    }

    [Fact]
    public async Task AStoppedHostsEndpointServesTheNextHost()
    {
        var endpoint = Loopback.FreeEndpoint();
        for (var round = 0; round < 2; round++)
        {
            var builder = TestHosts.AdderServer(endpoint);
            builder.Services.AddZmqClient<IAdder>(options => options.Endpoint = endpoint);
            using var host = builder.Build();
            await host.StartAsync().Bound();

            Assert.Equal(round + 1, await host.Services.GetRequiredService<IAdder>().Add(round, 1).Bound());

            await host.StopAsync().Bound();
        }
    }
}
