using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace ZmqContracts.Tests.Hosting;

/// <summary>AddHealthChecks().AddZmqContracts(): one entry per server contract and per client, named after the contract.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task AServerIsHealthyOnlyWhileItServes()
    {
        var builder = TestHosts.AdderServer(Loopback.FreeEndpoint());
        builder.Services.AddHealthChecks().AddZmqContracts();
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        var before = await health.CheckHealthAsync().Bound();
        await host.StartAsync().Bound();
        var during = await health.CheckHealthAsync().Bound();
        await host.StopAsync().Bound();
        var after = await health.CheckHealthAsync().Bound();

        Assert.Equal(
            [HealthStatus.Unhealthy, HealthStatus.Healthy, HealthStatus.Unhealthy],
            [before.Entries["IAdder server"].Status, during.Entries["IAdder server"].Status, after.Entries["IAdder server"].Status]);
        Assert.Contains("not started", before.Entries["IAdder server"].Description, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerOnAnyPortNamesThePortItBound()
    {
        var builder = TestHosts.AdderServer(Loopback.AnyPort);
        builder.Services.AddHealthChecks().AddZmqContracts();
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await host.StartAsync().Bound();

        var during = await health.CheckHealthAsync().Bound();
        await host.StopAsync().Bound();

        Assert.Matches(@"^IAdder server on tcp://127\.0\.0\.1:\d+: serving$", during.Entries["IAdder server"].Description);
    }

    [Fact]
    public async Task ABrokeredServerIsHealthyOnlyWhileItsBrokerIsThere()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.AdderServer(endpoint, viaBroker: true);
        builder.Services.AddHealthChecks().AddZmqContracts();
        using var host = builder.Build();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await host.StartAsync().Bound();

        var alone = await health.CheckHealthAsync().Bound();
        await using (var broker = new ZmqBroker(endpoint))
        {
            broker.Start();
            await using var client = new AdderClient(endpoint, new ZmqClientOptions { ViaBroker = true });

            // Answered through the broker: the server has heard from it.
            Assert.Equal(5, await client.Add(2, 3).Bound());
            var brokered = await health.CheckHealthAsync().Bound();

            Assert.Equal(HealthStatus.Unhealthy, alone.Entries["IAdder server"].Status);
            Assert.Contains("no live link to its broker", alone.Entries["IAdder server"].Description, System.StringComparison.Ordinal);
            Assert.Equal(HealthStatus.Healthy, brokered.Entries["IAdder server"].Status);
        }

        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task AClientReportsItsConnection()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder();
        builder.Services.AddHealthChecks().AddZmqContracts();
        builder.Services.AddZmqClient<IWelcomer>(options => options.Endpoint = endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var client = host.Services.GetRequiredService<WelcomerClient>();
        var connected = client.Connected();

        var alone = await health.CheckHealthAsync().Bound();
        await using var server = new WelcomerServer(new Welcomer(), endpoint);
        server.Start();
        await connected.Bound();
        var served = await health.CheckHealthAsync().Bound();

        Assert.Equal(HealthStatus.Unhealthy, alone.Entries["IWelcomer client"].Status);
        Assert.Equal(HealthStatus.Healthy, served.Entries["IWelcomer client"].Status);
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task ABrokeredClientIsDegradedWhileNoWorkerServesItsService()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort);
        broker.Start();
        var builder = TestHosts.Builder();
        builder.Services.AddHealthChecks().AddZmqContracts();
        builder.Services.AddZmqClient<IWelcomer>(options =>
        {
            options.Endpoint = broker.Endpoint;
            options.ViaBroker = true;
        });
        using var host = builder.Build();
        await host.StartAsync().Bound();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var client = host.Services.GetRequiredService<WelcomerClient>();
        await client.Connected().Bound();

        var unserved = await health.CheckHealthAsync().Bound();
        await using var server = new WelcomerServer(new Welcomer(), broker.Endpoint, new ZmqServerOptions { ViaBroker = true });
        server.Start();

        // Answered through the broker: the broker knows the server as a worker of the service.
        await client.Welcome("Ada").Bound();
        var served = await health.CheckHealthAsync().Bound();

        Assert.Equal(HealthStatus.Degraded, unserved.Entries["IWelcomer client"].Status);
        Assert.Contains("no worker for Welcomer", unserved.Entries["IWelcomer client"].Description, System.StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, served.Entries["IWelcomer client"].Status);
        await host.StopAsync().Bound();
    }

    [Fact]
    public async Task ChecksNameTheEndpointsInUseAfterTheConfigurationIsReloaded()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.Builder(new Dictionary<string, string?>
        {
            ["Zmq:Server:Endpoint"] = endpoint,
            ["Zmq:Welcomer:Endpoint"] = endpoint,
        });
        builder.Services.AddHealthChecks().AddZmqContracts();
        builder.Services.AddZmqServer(builder.Configuration.GetSection("Zmq:Server")).AddContract<IWelcomer, Welcomer>();
        builder.Services.AddZmqClient<IWelcomer>(builder.Configuration.GetSection("Zmq:Welcomer"));
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await host.Services.GetRequiredService<WelcomerClient>().Connected().Bound();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        // As an edit of appsettings.json with reloadOnChange, which reaches neither the server nor the client.
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var elsewhere = Loopback.FreeEndpoint();
        configuration["Zmq:Server:Endpoint"] = elsewhere;
        configuration["Zmq:Welcomer:Endpoint"] = elsewhere;
        configuration.Reload();
        var reloaded = await health.CheckHealthAsync().Bound();
        await host.StopAsync().Bound();
        var stopped = await health.CheckHealthAsync().Bound();

        Assert.Equal(HealthStatus.Healthy, reloaded.Entries["IWelcomer client"].Status);
        Assert.Equal($"IWelcomer client of {endpoint}: connected", reloaded.Entries["IWelcomer client"].Description);
        Assert.Equal($"IWelcomer server on {endpoint}: stopped", stopped.Entries["IWelcomer server"].Description);
    }
}
