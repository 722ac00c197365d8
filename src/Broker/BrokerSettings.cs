using System;

namespace ZmqContracts.Broker;

/// <summary>
/// What the program runs, from the command line (<c>--endpoint</c>, <c>--publishers</c>, <c>--subscribers</c>,
/// <c>--heartbeat</c>, <c>--proxy-heartbeat</c>), environment variables (<c>ZMQC_Broker__Endpoint</c>) or appsettings.json, section <c>Broker</c>.
/// </summary>
public sealed class BrokerSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Broker";

    /// <summary>Where the Majordomo broker binds.</summary>
    public string Endpoint { get; set; } = "tcp://*:5555";

    /// <summary>How often the broker and its workers exchange heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = new ZmqBrokerOptions().HeartbeatInterval;

    /// <summary>How many heartbeat intervals a worker may stay silent before it is dropped.</summary>
    public int HeartbeatLiveness { get; set; } = new ZmqBrokerOptions().HeartbeatLiveness;

    /// <summary>How long a request waits for a worker of its service.</summary>
    public TimeSpan RequestExpiry { get; set; } = new ZmqBrokerOptions().RequestExpiry;

    /// <summary>Where publishers connect to the proxy; the proxy runs when this and <see cref="SubscriberEndpoint"/> are set.</summary>
    public string? PublisherEndpoint { get; set; }

    /// <summary>Where subscribers connect to the proxy.</summary>
    public string? SubscriberEndpoint { get; set; }

    /// <summary>
    /// How often the proxy pings each of its connections, so that it drops one gone half-open (a Wait-mode publisher behind
    /// it then stops waiting for that subscriber): <see cref="ZmqPubSubProxyOptions.HeartbeatInterval"/>, off by default.
    /// </summary>
    public TimeSpan ProxyHeartbeatInterval { get; set; } = new ZmqPubSubProxyOptions().HeartbeatInterval;

    /// <summary>
    /// Throws when an endpoint is an <c>inproc://</c> one, which only the process that binds it can reach: nothing else
    /// runs in this one, so no client, worker, publisher or subscriber ever could.
    /// </summary>
    /// <exception cref="InvalidOperationException">An endpoint is an <c>inproc://</c> one.</exception>
    public void ThrowIfInproc()
    {
        foreach (var (option, endpoint) in new[] { (nameof(Endpoint), Endpoint), (nameof(PublisherEndpoint), PublisherEndpoint), (nameof(SubscriberEndpoint), SubscriberEndpoint) })
        {
            if (endpoint is not null && endpoint.StartsWith("inproc://", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{Section}:{option} is {endpoint}, which only this process could reach, and nothing but the broker runs in it: " +
                    "bind an endpoint other processes reach, such as tcp://*:5555.");
            }
        }
    }

    /// <summary>Whether the proxy runs; throws when only one of its endpoints is set.</summary>
    public bool RunsProxy => (PublisherEndpoint, SubscriberEndpoint) switch
    {
        (null, null) => false,
        (not null, not null) => true,
        _ => throw new InvalidOperationException("The proxy needs both endpoints: --publishers and --subscribers (Broker:PublisherEndpoint and Broker:SubscriberEndpoint)."),
    };
}
