using System;

namespace ZmqContracts;

/// <summary>Options of a generated pipeline collector.</summary>
public sealed record ZmqCollectorOptions : ZmqSocketOptions
{
    /// <summary>
    /// The endpoint to bind, such as <c>tcp://*:5558</c>, for the hosts of ZmqContracts.Hosting, which read it from configuration
    /// (<c>"Endpoint": "tcp://*:5558"</c>). The constructors that take an endpoint use theirs and ignore this one.
    /// <see langword="null"/> by default.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Whether the collector connects to its endpoint (such as <c>tcp://localhost:5578</c>) instead of binding it, for a
    /// worker that binds its output, as the pyzmq tutorial's <c>consumer.py</c> does (and a generated worker with
    /// <see cref="ZmqWorkerOptions.BindOutput"/>). Default <see langword="false"/>: the collector binds and any number of
    /// workers connect, which is the shape that scales, since a collector that connects must know every worker's address.
    /// </summary>
    public bool Connect { get; set; }

    /// <summary>
    /// How many received results may wait to be read. When that many wait, the collector stops taking results from
    /// the socket, and the workers' sends wait in turn (back-pressure, not loss), until a quarter of them is read.
    /// Default 10,000.
    /// </summary>
    public int MaxQueuedResults { get; set; } = 10_000;

    /// <summary>
    /// How many failures may wait to be read from <c>ReadFailuresAsync</c>. Past that the oldest unread failure is
    /// dropped (and logged), so that a program that never reads failures still gets its results; <c>FailureCount</c>
    /// counts them all, and <c>ReadOutcomesAsync</c> reads each dropped one as a failure with code
    /// <see cref="ZmqErrorCode.Unavailable"/> that says so. Default 10,000.
    /// </summary>
    public int MaxQueuedFailures { get; set; } = 10_000;

    /// <summary>
    /// An endpoint to bind for acknowledged mode, such as <c>tcp://*:5579</c>; <see langword="null"/> (the default) for none.
    /// The collector acknowledges, on a PUB socket bound here, every result that carries an id once a reader has taken it
    /// (so that results still queued when the process ends are sent again) and every failure that does as it arrives;
    /// producers in acknowledged mode connect to it (<see cref="ZmqProducerOptions.AcknowledgementEndpoint"/>). Whether or not it is
    /// set, a result or failure whose id the collector has seen already is a duplicate and is not delivered again.
    /// </summary>
    public string? AcknowledgementEndpoint { get; set; }

    /// <summary>
    /// How often the collector sends each worker's connection (and each producer's acknowledgement connection) a ZeroMQ
    /// heartbeat (a ZMTP PING, which the peer's ZeroMQ answers by itself); when nothing at all comes back within three
    /// intervals, the connection is dropped. This frees the connections of peers whose host vanished without closing
    /// them, which TCP alone notices only after minutes, if at all. Default
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no heartbeats. Peers must speak ZMTP 3.1 (NetMQ 4, libzmq
    /// 4.2 and later, so pyzmq too).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    internal override TimeSpan ZmtpHeartbeatInterval => HeartbeatInterval;

    internal override (string Name, string? Value, bool Connects) HostedEndpoint => (nameof(Endpoint), Endpoint, Connects: false);

    internal override (string Name, string? Value, bool Connects)[] OptionalEndpoints => [(nameof(AcknowledgementEndpoint), AcknowledgementEndpoint, Connects: false)];

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedResults));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedFailures));
        if (AcknowledgementEndpoint is { Length: 0 })
        {
            problems.Add(new ArgumentException("AcknowledgementEndpoint is empty: give an endpoint to bind, or null for none.", nameof(AcknowledgementEndpoint)));
        }
    }
}
