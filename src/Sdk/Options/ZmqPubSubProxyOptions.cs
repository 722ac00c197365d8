using System;

namespace ZmqContracts;

/// <summary>Options of a <see cref="ZmqPubSubProxy"/>.</summary>
/// <remarks>
/// <see cref="ZmqSocketOptions.SendHighWatermark"/> is how many messages the proxy queues per subscriber before ZeroMQ
/// drops that subscriber's messages, as a publisher's would; a <see cref="ZmqSubscriber"/> counts what it missed.
/// </remarks>
public sealed record ZmqPubSubProxyOptions : ZmqSocketOptions
{
    /// <summary>How long the subscriber side keeps trying to deliver the last messages once the proxy is closed. Default 1 second.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the proxy sends each connection, subscribers' and publishers' alike, a ZeroMQ heartbeat (a ZMTP PING,
    /// which the peer's ZeroMQ answers by itself). When nothing at all comes back within three intervals, the connection
    /// is dropped: a subscriber's subscriptions go with it, so a <see cref="SlowSubscriberMode.Wait"/> publisher upstream
    /// stops waiting for it, and a connecting peer connects afresh. This notices a peer whose host vanished without
    /// closing the connection (powered off, a network cut), which TCP alone notices only after minutes: the heartbeats of
    /// the publishers and subscribers reach only the proxy, so the proxy's side of such a connection needs its own.
    /// Default <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no heartbeats. Peers must speak ZMTP 3.1 (NetMQ 4,
    /// libzmq 4.2 and later, so pyzmq too); keep the interval well above the pauses a loaded machine can have, and three
    /// intervals above the time the largest message takes to send over the slowest link.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    internal override TimeSpan ZmtpHeartbeatInterval => HeartbeatInterval;

    /// <summary>Not hosted through ZmqContracts.Hosting: the proxy takes its endpoints in its constructor (src/Broker binds them from its own configuration).</summary>
    internal override (string Name, string? Value, bool Connects) HostedEndpoint =>
        throw new NotSupportedException("ZmqContracts.Hosting does not host a ZmqPubSubProxy: make it with its endpoints, or run src/Broker.");

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        problems.Check(() => ThrowIfNotLinger(Linger, nameof(Linger)));
    }
}
