using System;

namespace ZmqContracts;

/// <summary>Options of a <see cref="ZmqPublisher"/>.</summary>
public sealed record ZmqPublisherOptions : ZmqSocketOptions
{
    /// <summary>
    /// The endpoint to bind, such as <c>tcp://*:5556</c> (or, with <see cref="Connect"/>, to connect to, such as <c>tcp://proxy-host:5556</c>), for the hosts of ZmqContracts.Hosting, which read it from configuration
    /// (<c>"Endpoint": "tcp://*:5556"</c>). The constructors that take an endpoint use theirs and ignore this one.
    /// <see langword="null"/> by default.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Whether the publisher connects to its endpoint instead of binding it: for a publisher behind an XSUB/XPUB proxy,
    /// which binds. Default <see langword="false"/>: the publisher binds and subscribers connect.
    /// </summary>
    public bool Connect { get; set; }

    /// <summary>
    /// What happens when a subscriber falls behind. <see cref="SlowSubscriberMode.Drop"/> (the default) is ZeroMQ's own
    /// behaviour: past <see cref="ZmqSocketOptions.SendHighWatermark"/> messages queued for a subscriber, further messages
    /// for it are dropped. <see cref="SlowSubscriberMode.Wait"/> loses nothing and makes <see cref="ZmqPublisher.PublishAsync{T}"/>
    /// wait for the slowest <see cref="ZmqSubscriber"/> instead (see docs/pubsub.md).
    /// </summary>
    public SlowSubscriberMode SlowSubscribers { get; set; } = SlowSubscriberMode.Drop;

    /// <summary>
    /// In <see cref="SlowSubscriberMode.Wait"/> mode: how many messages a <see cref="ZmqSubscriber"/> may have on its way
    /// (published but not yet read from its socket) before <see cref="ZmqPublisher.PublishAsync{T}"/> waits. Default 1,000.
    /// </summary>
    public int WaitWindow { get; set; } = 1_000;

    /// <summary>
    /// How often the publisher sends each subscriber's connection a ZeroMQ heartbeat (a ZMTP PING, which the subscriber's
    /// ZeroMQ answers by itself). When nothing at all comes back within three intervals, the connection is dropped: ZeroMQ
    /// then forgets its subscriptions, and in <see cref="SlowSubscriberMode.Wait"/> mode the publisher stops waiting for
    /// that subscriber. This notices a subscriber whose host vanished without closing the connection (powered off, a
    /// network cut), which TCP alone notices only after minutes, while a Wait publisher waits for it. Default
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no heartbeats. Subscribers must speak ZMTP 3.1 (NetMQ 4,
    /// libzmq 4.2 and later, so pyzmq too); keep the interval well above the pauses a loaded machine can have.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    internal override TimeSpan ZmtpHeartbeatInterval => HeartbeatInterval;

    /// <summary>Ignored: a publish is handed to the socket by the publishing thread, and waits for no socket thread.</summary>
    [Obsolete("Ignored: a publish is handed to the socket by the publishing thread itself, so no message waits for a socket thread any more.")]
    public int OutboxCapacity { get; set; } = 1_000;

    /// <summary>
    /// Whether each message carries its position, <c>[topic][payload][position]</c>: this publisher's id and the message's
    /// number in its topic, from which a <see cref="ZmqSubscriber"/> detects and reports the messages it missed
    /// (docs/pubsub.md, "Missed messages"). Default <see langword="true"/>. <see langword="false"/> sends
    /// <c>[topic][payload]</c>, as a plain PUB socket does: subscribers then count this publisher's messages as
    /// unnumbered and cannot see what they miss, and each message costs one frame less, which matters for small
    /// messages at high rates (benchmarks/FINDINGS.md).
    /// </summary>
    public bool NumberMessages { get; set; } = true;

    /// <summary>
    /// How many topics the publisher numbers at once. Each distinct topic published (each value of a template such as
    /// <c>prices.{Symbol}</c>) has a counter, about 200 bytes however long the topic; past this many, the counter of the topic
    /// published least recently is dropped, and that topic's numbering starts again at 1 when it is next published
    /// (a subscriber takes that as a new start, not as a gap). Default 100,000.
    /// </summary>
    public int MaxNumberedTopics { get; set; } = 100_000;

    /// <summary>How long the socket keeps delivering the messages still queued once the publisher is disposed. Default 1 second.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(1);

    internal override (string Name, string? Value, bool Connects) HostedEndpoint => (nameof(Endpoint), Endpoint, Connect);

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfLessThan(WaitWindow, 2));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNumberedTopics));
        problems.Check(() => ThrowIfNotLinger(Linger, nameof(Linger)));
        if (!Enum.IsDefined(SlowSubscribers))
        {
            problems.Add(new ArgumentOutOfRangeException(nameof(SlowSubscribers), SlowSubscribers, $"{nameof(SlowSubscribers)} must be {nameof(SlowSubscriberMode.Drop)} or {nameof(SlowSubscriberMode.Wait)}."));
        }
    }
}

/// <summary>What a <see cref="ZmqPublisher"/> does when a subscriber falls behind.</summary>
public enum SlowSubscriberMode
{
    /// <summary>ZeroMQ's behaviour: messages past the send high-water mark of a subscriber's queue are dropped for that subscriber.</summary>
    Drop,

    /// <summary>
    /// Nothing is dropped: the publisher's queues are unbounded, and <see cref="ZmqPublisher.PublishAsync{T}"/> waits while
    /// any <see cref="ZmqSubscriber"/> has <see cref="ZmqPublisherOptions.WaitWindow"/> messages on its way.
    /// Plain SUB peers (pyzmq) are not waited for: what they do not read accumulates in the publisher's memory.
    /// </summary>
    Wait,
}
