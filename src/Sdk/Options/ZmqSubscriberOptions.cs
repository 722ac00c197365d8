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

    internal override (string Name, string? Value) HostedEndpoint => (nameof(Endpoint), Endpoint);

    internal override void Validate()
    {
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BufferCapacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTrackedStreams);
    }
}
