using System;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Hosting;

/// <summary>A host's stop is bounded by its shutdown timeout, even with handlers that ignore their tokens; a second stop waits for the first.</summary>
public sealed class HostedStopTests
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The shutdown timeout, the one second a handler gets once abandoned, and room for a loaded machine.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AServerWhoseHandlerIgnoresItsTokenStopsSoonAfterTheShutdownTimeoutNotAfterItsDrainTimeout()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = StubbornHost();
        builder.Services.AddZmqServer(options =>
        {
            options.Endpoint = endpoint;
            options.DrainTimeout = TimeSpan.FromSeconds(30);
        }).AddContract<IStubborn, Stubborn>();
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await using var client = new StubbornClient(endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(2) });
        var call = client.Hang();

        await StopWhileTheHandlerIsStuckAsync(host);

        using var rebind = new RouterSocket();
        rebind.Bind(endpoint);
        // Abandoned, the handler never replied; the caller learns it from its own timeout.
        await Assert.ThrowsAsync<TimeoutException>(() => call.Bound());
    }

    [Fact]
    public async Task ASubscriptionWhoseHandlerIgnoresItsTokenStopsSoonAfterTheShutdownTimeout()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        publisher.Start();
        var builder = StubbornHost();
        builder.Services.AddZmqSubscription<HostedTick, StubbornTickHandler>(options => options.Endpoint = publisher.Endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await publisher.WaitForSubscriberAsync<HostedTick>().Bound();
        await publisher.PublishAsync(new HostedTick(1)).Bound();

        await StopWhileTheHandlerIsStuckAsync(host);
    }

    [Fact]
    public async Task ADisposeWhileTheStopDrainsReturnsOnlyOnceTheEndpointIsFree()
    {
        var endpoint = Loopback.FreeEndpoint();
        var builder = TestHosts.AdderServer(endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();
        var ledger = host.Services.GetRequiredService<CallLedger>();
        await using var client = new AdderClient(endpoint);
        var call = client.Report(waitForGate: true, default);
        await ledger.Entered.Task.Bound();

        var stopping = host.StopAsync();
        var disposing = ((IAsyncDisposable)host).DisposeAsync().AsTask();
        Assert.False(await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromMilliseconds(300))) == disposing, "the dispose returned while the stop still drained a call");
        ledger.Gate.SetResult();
        await Task.WhenAll(stopping, disposing).Bound();

        using var rebind = new RouterSocket();
        rebind.Bind(endpoint);
        Assert.Equal(1, (await call.Bound()).ScopeId);
    }

    /// <summary>Once the stubborn handler has started, stops the host, asserts that the stop was bounded, and lets the handler go.</summary>
    private static async Task StopWhileTheHandlerIsStuckAsync(IHost host)
    {
        var gate = host.Services.GetRequiredService<StubbornGate>();
        await gate.Entered.Task.Bound();

        var stopping = Stopwatch.StartNew();
        await host.StopAsync().Bound();
        stopping.Stop();
        gate.Gate.SetResult();

        Assert.True(stopping.Elapsed < StopBound, $"the stop took {stopping.Elapsed}");
    }

    private static HostApplicationBuilder StubbornHost()
    {
        var builder = TestHosts.Builder();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton<StubbornGate>();
        return builder;
    }
}
