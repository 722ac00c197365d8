using System;

namespace ZmqContracts;

/// <summary>Options of a <see cref="ZmqSubscriber"/>.</summary>
public sealed record ZmqSubscriberOptions : ZmqSocketOptions
{
    /// <summary>
    /// The endpoint to connect to, such as <c>tcp://prices:5556</c>, for the hosts of ZmqContracts.Hosting, which read it from configuration
    /// (<c>"Endpoint": "tcp://prices:5556"</c>). The constructors that take an endpoint use theirs and ignore this one.
    /// <see langword="null"/> by default.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// How many received messages each enumeration holds for its consumer. When one is full the subscriber stops reading
    /// its socket until there is room: a slow consumer slows the subscriber down (and, through ZeroMQ, its publishers)
    /// instead of losing messages here. Default 1,000.
    /// </summary>
    public int BufferCapacity { get; set; } = 1_000;

    /// <summary>
    /// How many streams (the messages of one topic from one publisher) the subscriber follows to detect missed messages;
    /// each costs about 200 bytes, however long its topic. Past this many, the stream heard from least recently is forgotten, and
    /// its next message starts it anew (a gap just then goes unseen). Default 100,000.
    /// </summary>
    public int MaxTrackedStreams { get; set; } = 100_000;

    /// <summary>
    /// How often the subscriber sends each of its connections a ZeroMQ heartbeat (a ZMTP PING, which the publisher's ZeroMQ
    /// answers by itself). When nothing at all comes back within three intervals, the connection is dropped and ZeroMQ
    /// connects afresh, subscriptions included. This notices a publisher whose host vanished without closing the
    /// connection (powered off, a network cut): data only flows from the publisher, so without heartbeats nothing tells
    /// the subscriber, which waits on the dead connection for good, even once a new publisher listens at the endpoint.
    /// Default <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no heartbeats. Publishers must speak ZMTP 3.1
    /// (NetMQ 4, libzmq 4.2 and later, so pyzmq too); keep the interval well above the pauses a loaded machine can have.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    internal override TimeSpan ZmtpHeartbeatInterval => HeartbeatInterval;

    internal override (string Name, string? Value, bool Connects) HostedEndpoint => (nameof(Endpoint), Endpoint, Connects: true);

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BufferCapacity));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTrackedStreams));
    }
}
