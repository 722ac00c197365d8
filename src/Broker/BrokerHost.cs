using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ZmqContracts.Broker;

/// <summary>Runs the broker, and the proxy when it is configured, until the host stops (Ctrl+C, SIGTERM).</summary>
public sealed partial class BrokerHost(IOptions<BrokerSettings> settings, ILogger<BrokerHost> logger) : BackgroundService
{
    /// <summary>
    /// Runs <see cref="ServeAsync"/>; one that fails (a port in use, a bad setting) also sets the process's exit code to 1,
    /// which the generic host, stopping on it, leaves at 0: a service manager must see that the broker never ran.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ServeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            Environment.ExitCode = 1;
            throw;
        }
    }

    private async Task ServeAsync(CancellationToken stoppingToken)
    {
        var configured = settings.Value;
        configured.ThrowIfInproc();
        var running = new List<Task>();
        await using var broker = new ZmqBroker(configured.Endpoint, new ZmqBrokerOptions
        {
            HeartbeatInterval = configured.HeartbeatInterval,
            HeartbeatLiveness = configured.HeartbeatLiveness,
            RequestExpiry = configured.RequestExpiry,
            Logger = logger,
        });
        broker.Start();
        LogBrokerStarted(logger, broker.Endpoint);
        running.Add(broker.RunAsync(stoppingToken));

        await using var proxy = configured.RunsProxy
            ? new ZmqPubSubProxy(configured.PublisherEndpoint!, configured.SubscriberEndpoint!, new ZmqPubSubProxyOptions { HeartbeatInterval = configured.ProxyHeartbeatInterval, Logger = logger })
            : null;
        if (proxy is not null)
        {
            LogProxyStarted(logger, proxy.PublisherEndpoint, proxy.SubscriberEndpoint);
            running.Add(proxy.RunAsync(stoppingToken));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        if (proxy is not null)
        {
            LogProxyStopped(logger, proxy.MessagesForwarded, proxy.MessagesDropped);
        }

        LogStopped(logger);
    }

    [LoggerMessage(1, LogLevel.Information, "Majordomo broker (MDP/0.1) listening on {Endpoint}")]
    private static partial void LogBrokerStarted(ILogger logger, string endpoint);

    [LoggerMessage(2, LogLevel.Information, "Publish/subscribe proxy: publishers connect to {Publishers}, subscribers to {Subscribers}")]
    private static partial void LogProxyStarted(ILogger logger, string publishers, string subscribers);

    [LoggerMessage(3, LogLevel.Information, "Proxy stopped after forwarding {Forwarded} messages ({Dropped} dropped)")]
    private static partial void LogProxyStopped(ILogger logger, long forwarded, long dropped);

    [LoggerMessage(4, LogLevel.Information, "Stopped; every endpoint is closed")]
    private static partial void LogStopped(ILogger logger);
}
