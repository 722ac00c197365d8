using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
        await using var client = new StubbornClient(endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(20) });
        var call = client.Hang();

        await StopWhileTheHandlerIsStuckAsync(host);

        using var rebind = new RouterSocket();
        rebind.Bind(endpoint);
        // Given up on, the handler's call is answered by the server's close.
        Assert.Equal(ZmqErrorCode.Interrupted, (await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound())).Code);
    }

    [Fact]
    public async Task ASubscriptionWhoseHandlerIgnoresItsTokenStopsSoonAfterTheShutdownTimeout()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        publisher.Start();
        var log = new Pipeline.ListLogger();
        var builder = StubbornHost();
        builder.Services.AddZmqSubscription<HostedTick, StubbornTickHandler>(options =>
        {
            options.Endpoint = publisher.Endpoint;
            options.Logger = log;
        });
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await publisher.WaitForSubscriberAsync<HostedTick>().Bound();
        await publisher.PublishAsync(new HostedTick(1)).Bound();

        await StopWhileTheHandlerIsStuckAsync(host);

        Assert.Equal(["HostedTick"], log.Values(117, "Message"));
    }

    [Fact]
    public async Task ASubscriptionWhoseHandlerStopsItsOwnHostStopsWithoutWaitingForThatHandler()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        publisher.Start();
        var builder = TestHosts.Builder();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton<HostStopReturned>();
        builder.Services.AddZmqSubscription<HostedTick, HostStoppingTickHandler>(options => options.Endpoint = publisher.Endpoint);
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await publisher.WaitForSubscriberAsync<HostedTick>().Bound();

        var stopping = Stopwatch.StartNew();
        await publisher.PublishAsync(new HostedTick(1)).Bound();
        await host.Services.GetRequiredService<HostStopReturned>().Signal.Task.Bound();
        stopping.Stop();

        // A stop that waited for the handler awaiting it would end only when the 20-second shutdown timeout gave up on it.
        Assert.True(stopping.Elapsed < StopBound, $"the stop took {stopping.Elapsed}");
    }

    [Fact]
    public async Task A_server_whose_handler_stops_its_own_host_is_stopping_until_that_handler_ends_and_stopped_once_free()
    {
        await using var stopper = await HostStopperHost.StartAsync();

        // The handler's stop of its host has returned: the server drains that handler, and is not free yet.
        var call = stopper.Client.StopHost();
        await stopper.Gate.Entered.Task.Bound();
        var whileTheHandlerRuns = await stopper.ServerHealthAsync();
        var stopping = stopper.Hosted.StopAsync(default);
        var stoppedBeforeTheHandlerEnded = stopping.IsCompleted;
        stopper.Gate.Gate.SetResult();
        await stopping.Bound();

        Assert.EndsWith(": stopping", whileTheHandlerRuns, StringComparison.Ordinal);
        Assert.False(stoppedBeforeTheHandlerEnded, "a stop returned while the endpoint still drained the handler that stopped its host");
        await stopper.AssertStoppedAndFreeAsync(call);
    }

    [Fact]
    public async Task A_server_whose_handler_calls_StopApplication_is_stopping_while_that_handler_runs_and_stopped_once_free()
    {
        await using var stopper = await HostStopperHost.StartAsync();
        var running = stopper.Host.WaitForShutdownAsync();

        var call = stopper.Client.StopApplication();
        await stopper.Gate.Entered.Task.Bound();
        await stopper.RefusingAsync();
        var whileTheHandlerRuns = await stopper.ServerHealthAsync();
        stopper.Gate.Gate.SetResult();
        await running.Bound();

        Assert.EndsWith(": stopping", whileTheHandlerRuns, StringComparison.Ordinal);
        await stopper.AssertStoppedAndFreeAsync(call);
    }

    [Fact]
    public async Task AWorkerWhoseHandlerIgnoresItsTokenStopsSoonAfterTheShutdownTimeoutAndReportsItsItem()
    {
        await using var collector = new StubbornSquarerCollector(Loopback.AnyPort);
        await using var producer = new StubbornSquarerProducer(Loopback.AnyPort);
        var builder = StubbornHost();
        builder.Services.AddZmqWorker<IStubbornSquarer, StubbornSquarer>(options =>
        {
            options.InputEndpoint = producer.Endpoint;
            options.OutputEndpoint = collector.Endpoint;
            options.DrainTimeout = TimeSpan.FromSeconds(30);
        });
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await producer.Square(7).AsTask().Bound();

        await StopWhileTheHandlerIsStuckAsync(host);

        // Given up on, the item is reported by the worker's close, not left unaccounted for.
        using var timeLimit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var outcome = Assert.Single(await collector.ReadOutcomesAsync(1, timeLimit.Token).ToListAsync(timeLimit.Token));
        Assert.Equal(ZmqErrorCode.Interrupted, outcome.Failure!.Error.Code);
        Assert.Equal(7, outcome.Failure.ReadItem<int>());
    }

    [Fact]
    public async Task AWorkerWhoseResultsFindNoCollectorStopsSoonAfterTheShutdownTimeout()
    {
        await using var producer = new StubbornSquarerProducer(Loopback.AnyPort);
        var builder = StubbornHost();
        builder.Services.AddZmqWorker<IStubbornSquarer, StubbornSquarer>(options =>
        {
            options.InputEndpoint = producer.Endpoint;
            options.OutputEndpoint = Loopback.AnyPort;
            options.BindOutput = true;
            options.DrainTimeout = TimeSpan.FromSeconds(30);
        });
        using var host = builder.Build();
        await host.StartAsync().Bound();
        await producer.Square(7).AsTask().Bound();

        // The item given up on is reported to an output nobody reads: the stop does not wait for room there.
        await StopWhileTheHandlerIsStuckAsync(host);
    }

    [Fact]
    public async Task A_stop_whose_token_is_cancelled_already_abandons_the_handlers_at_once()
    {
        var endpoint = Loopback.FreeEndpoint();
        await using var inFlight = await TestHosts.AdderCallInFlightAsync(endpoint);
        var (host, _, _, call) = inFlight;

        await host.StopAsync(new CancellationToken(canceled: true)).Bound();

        Assert.Equal(ZmqErrorCode.Interrupted, (await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound())).Code);
    }

    [Fact]
    public async Task A_start_while_the_stop_drains_waits_for_it_and_the_next_stop_frees_the_endpoint()
    {
        await using var stuck = await StuckHostedServer.StartAsync();
        var (endpoint, hosted, gate, call) = (stuck.Endpoint, stuck.Hosted, stuck.Gate, stuck.Call);

        var stopping = hosted.StopAsync(default);
        var starting = hosted.StartAsync(default);
        gate.Gate.SetResult();
        await Task.WhenAll(stopping, starting).Bound();

        Assert.Equal(1, await call.Bound());

        // The new server serves (a new client: the old one's next request may go down the closed connection, as ZeroMQ's do).
        await using var another = new StubbornClient(endpoint);
        Assert.Equal(1, await another.Hang().Bound());
        await hosted.StopAsync(default).Bound();
        using var rebind = new RouterSocket();
        rebind.Bind(endpoint);
    }

    [Fact]
    public async Task A_stop_while_a_start_is_under_way_waits_for_it_and_frees_what_it_bound()
    {
        await using var stuck = await StuckHostedServer.StartAsync();
        var (endpoint, hosted, gate, call) = (stuck.Endpoint, stuck.Hosted, stuck.Gate, stuck.Call);

        // The second start waits for the first stop's drain, and the second stop comes while it waits.
        var stopping = hosted.StopAsync(default);
        var starting = hosted.StartAsync(default);
        var stoppingAgain = hosted.StopAsync(default);
        gate.Gate.SetResult();
        await Task.WhenAll(stopping, starting, stoppingAgain).Bound();

        Assert.Equal(1, await call.Bound());
        using var rebind = new RouterSocket();
        rebind.Bind(endpoint);
    }

    [Fact]
    public async Task A_start_while_the_stop_drains_ends_when_its_token_is_cancelled_and_starts_nothing()
    {
        var endpoint = Loopback.FreeEndpoint();
        await using var inFlight = await TestHosts.AdderCallInFlightAsync(endpoint);
        var (host, ledger, _, call) = inFlight;
        var hosted = Assert.Single(host.Services.GetServices<IHostedService>());

        var stopping = hosted.StopAsync(default);
        using var cancelled = new CancellationTokenSource();
        var starting = hosted.StartAsync(cancelled.Token);
        Assert.False(starting.IsCompleted, "the start did not wait for the stop that drains a call");
        cancelled.Cancel();
        Assert.Equal(cancelled.Token, (await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting.Bound())).CancellationToken);

        ledger.Gate.SetResult();
        await stopping.Bound();
        Assert.Equal(1, (await call.Bound()).ScopeId);
        using var rebind = new RouterSocket();
        rebind.Bind(endpoint);
    }

    [Fact]
    public async Task ADisposeWhileTheStopDrainsReturnsOnlyOnceTheEndpointIsFree()
    {
        var endpoint = Loopback.FreeEndpoint();
        await using var inFlight = await TestHosts.AdderCallInFlightAsync(endpoint);
        var (host, ledger, _, call) = inFlight;

        var stopping = host.StopAsync();
        var disposing = ((IAsyncDisposable)host).DisposeAsync().AsTask();

        // Whenever the dispose returns, the handler of the call that the stop drains must have been let go already.
        var handlerLetGoFirst = disposing.ContinueWith(_ => ledger.Gate.Task.IsCompleted, TaskContinuationOptions.ExecuteSynchronously);
        ledger.Gate.SetResult();
        await Task.WhenAll(stopping, disposing).Bound();
        Assert.True(await handlerLetGoFirst.Bound(), "the dispose returned while the stop still drained a call");

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

    /// <summary>A hosted server, started through its hosted service alone, whose stubborn handler holds a call until its gate opens.</summary>
    private sealed record StuckHostedServer(string Endpoint, IHost Host, IHostedService Hosted, StubbornGate Gate, StubbornClient Client, Task<int> Call) : IAsyncDisposable
    {
        public static async Task<StuckHostedServer> StartAsync()
        {
            var endpoint = Loopback.FreeEndpoint();
            var builder = StubbornHost();
            builder.Services.AddZmqServer(options =>
            {
                options.Endpoint = endpoint;
                options.DrainTimeout = TimeSpan.FromSeconds(20);
            }).AddContract<IStubborn, Stubborn>();
            var host = builder.Build();
            var hosted = Assert.Single(host.Services.GetServices<IHostedService>());
            await hosted.StartAsync(default).Bound();
            var gate = host.Services.GetRequiredService<StubbornGate>();
            var client = new StubbornClient(endpoint);
            var call = client.Hang();
            await gate.Entered.Task.Bound();
            return new(endpoint, host, hosted, gate, client, call);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            Host.Dispose();
        }
    }

    /// <summary>A started host whose server's <see cref="HostStopper"/> stops that host from a handler, with long drain and shutdown timeouts.</summary>
    private sealed record HostStopperHost(string Endpoint, IHost Host, IHostedService Hosted, StubbornGate Gate, HostStopperClient Client) : IAsyncDisposable
    {
        public static async Task<HostStopperHost> StartAsync()
        {
            var endpoint = Loopback.FreeEndpoint();
            var builder = TestHosts.Builder();
            builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));
            builder.Services.AddSingleton<StubbornGate>();
            builder.Services.AddZmqServer(options =>
            {
                options.Endpoint = endpoint;
                options.DrainTimeout = TimeSpan.FromSeconds(20);
            }).AddContract<IHostStopper, HostStopper>();
            builder.Services.AddHealthChecks().AddZmqContracts();
            var host = builder.Build();
            await host.StartAsync().Bound();

            // The server's hosted service, registered before the health checks' publisher.
            var hosted = host.Services.GetServices<IHostedService>().First();
            return new(endpoint, host, hosted, host.Services.GetRequiredService<StubbornGate>(), new HostStopperClient(endpoint));
        }

        public async Task<string> ServerHealthAsync() =>
            (await Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().Bound()).Entries["IHostStopper server"].Description!;

        /// <summary>Returns once the server refuses a call as it does once it stops taking requests: its stop has begun.</summary>
        public async Task RefusingAsync()
        {
            await using var prober = new HostStopperClient(Endpoint);
            for (var attempt = 0; attempt < 10_000; attempt++)
            {
                try
                {
                    await prober.Probe().Bound();
                }
                catch (ZmqRemoteException refused) when (refused.Code == ZmqErrorCode.Unavailable)
                {
                    return;
                }
            }

            Assert.Fail("the server kept taking calls after its handler had stopped the host");
        }

        /// <summary>The handler's call answered, the server's health check says stopped, and its endpoint is free.</summary>
        public async Task AssertStoppedAndFreeAsync(Task<int> call)
        {
            Assert.EndsWith(": stopped", await ServerHealthAsync(), StringComparison.Ordinal);
            Assert.Equal(1, await call.Bound());
            using var rebind = new RouterSocket();
            rebind.Bind(Endpoint);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            Host.Dispose();
        }
    }

    private static HostApplicationBuilder StubbornHost()
    {
        var builder = TestHosts.Builder();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton<StubbornGate>();
        return builder;
    }
}
