using System;

namespace ZmqContracts;

/// <summary>Options of a generated pipeline producer, and of a <see cref="ZmqPipelineRelay"/>.</summary>
/// <remarks>
/// A producer holds at most <see cref="ZmqSocketOptions.SendHighWatermark"/> items of its own waiting for the socket,
/// and ZeroMQ at most that many per connected worker; a send past that waits for room (back-pressure, not loss).
/// Setting <see cref="AcknowledgementEndpoint"/> turns on acknowledged mode (docs/pipeline.md, "Acknowledged mode").
/// </remarks>
public sealed record ZmqProducerOptions : ZmqSocketOptions
{
    /// <summary>
    /// The endpoint to bind, such as <c>tcp://*:5557</c>, for the hosts of ZmqContracts.Hosting, which read it from configuration
    /// (<c>"Endpoint": "tcp://*:5557"</c>). The constructors that take an endpoint use theirs and ignore this one.
    /// <see langword="null"/> by default.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The most items a producer may have waiting for their acknowledgement: 1,048,576.</summary>
    public const int MaxPendingItemsLimit = 1 << 20;

    /// <summary>
    /// How long the socket keeps trying to deliver the items it took once it is closed. In acknowledged mode, also how
    /// long disposing the producer first waits for the pending items to be acknowledged. Default 5 seconds.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The collector's acknowledgement endpoint (<c>ZmqCollectorOptions.AcknowledgementEndpoint</c>, as bound), to connect
    /// to; <see langword="null"/> (the default) for no acknowledgements. When set, every item carries an id, waits in the
    /// producer until the collector acknowledges its result or failure, and is sent again when that takes longer than
    /// <see cref="RedeliveryTimeout"/>. Only for a stage whose results reach a collector; not for a relay.
    /// </summary>
    public string? AcknowledgementEndpoint { get; set; }

    /// <summary>In acknowledged mode, how long an item waits for its acknowledgement before it is sent again. Default 30 seconds.</summary>
    public TimeSpan RedeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In acknowledged mode, how many times an item is sent again before the producer gives up on it (logs it and counts
    /// it in <c>ItemsAbandoned</c>). Default 5. From the second redelivery on, an item is sent alone, the producer's other
    /// sends waiting until it is acknowledged or abandoned (up to <see cref="RedeliveryTimeout"/> per attempt): an item that makes workers drop
    /// their connection (one over their <see cref="ZmqSocketOptions.MaxMessageSize"/>) then cannot take others along.
    /// </summary>
    public int MaxRedeliveries { get; set; } = 5;

    /// <summary>
    /// In acknowledged mode, how far ahead of its oldest unacknowledged item the producer may send: at most this many
    /// items are pending, and a send waits while the window is full. Default 10,000; at most <see cref="MaxPendingItemsLimit"/>.
    /// </summary>
    public int MaxPendingItems { get; set; } = 10_000;

    /// <summary>
    /// How often the producer (or a relay, on both its sockets) sends each worker's connection a ZeroMQ heartbeat (a ZMTP
    /// PING, which the worker's ZeroMQ answers by itself). When nothing at all comes back within three intervals, the
    /// connection is dropped, and the producer sends that worker nothing more. This notices a worker whose host vanished
    /// without closing the connection (powered off, a network cut), which TCP alone notices only after minutes: until
    /// then ZeroMQ goes on giving it its share of the items, up to its <see cref="ZmqSocketOptions.SendHighWatermark"/>,
    /// all of them lost (sent again in acknowledged mode, whose acknowledgement socket has the heartbeats too). What was
    /// on its way when the connection was dropped is lost with it either way. Default
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no heartbeats. Workers must speak ZMTP 3.1 (NetMQ 4,
    /// libzmq 4.2 and later, so pyzmq too); keep the interval well above the pauses a loaded machine can have.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    internal override TimeSpan ZmtpHeartbeatInterval => HeartbeatInterval;

    internal override (string Name, string? Value, bool Connects) HostedEndpoint => (nameof(Endpoint), Endpoint, Connects: false);

    internal override (string Name, string? Value, bool Connects)[] OptionalEndpoints => [(nameof(AcknowledgementEndpoint), AcknowledgementEndpoint, Connects: true)];

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SendHighWatermark));
        problems.Check(() => ThrowIfNotLinger(Linger, nameof(Linger)));
        problems.Check(() => ThrowIfNotInterval(RedeliveryTimeout, nameof(RedeliveryTimeout)));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegative(MaxRedeliveries));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPendingItems));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxPendingItems, MaxPendingItemsLimit));
        if (AcknowledgementEndpoint is { Length: 0 })
        {
            problems.Add(new ArgumentException("AcknowledgementEndpoint is empty: give the collector's acknowledgement endpoint, or null for none.", nameof(AcknowledgementEndpoint)));
        }
    }
}
