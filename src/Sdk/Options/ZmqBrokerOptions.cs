using System;

namespace ZmqContracts;

/// <summary>Options of a <see cref="ZmqBroker"/>: Majordomo heartbeats and limits.</summary>
public sealed record ZmqBrokerOptions : ZmqSocketOptions
{
    /// <summary>
    /// How often the broker sends each worker a HEARTBEAT. Workers must use the same interval
    /// (<see cref="ZmqServerOptions.HeartbeatInterval"/>), or they are taken for dead (RFC 7, "Known Weaknesses").
    /// Default 2.5 seconds, as in the ZeroMQ guide.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// How many heartbeat intervals may pass without a word from a worker before the broker drops it, and with it the
    /// request it was handling (a client sends an idempotent call again; no other is sent twice). Default 3.
    /// </summary>
    public int HeartbeatLiveness { get; set; } = 3;

    /// <summary>
    /// How long a request may wait for a worker of its service before the broker drops it (RFC 7: a request for a
    /// service no worker has registered is queued, then expired). Default 30 seconds.
    /// </summary>
    public TimeSpan RequestExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many requests may wait for a worker, all services together, so that requests for services no worker serves
    /// cannot fill the broker's memory. Past that, the oldest request for a service without workers makes room, or else the
    /// new request is dropped; either is logged. Default 10,000.
    /// </summary>
    public int MaxQueuedRequests { get; set; } = 10_000;

    /// <summary>How long the socket keeps trying to deliver the last replies and DISCONNECTs once the broker is closed. Default 1 second.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long without a word from a worker makes it dead.</summary>
    internal TimeSpan WorkerExpiry => HeartbeatInterval * HeartbeatLiveness;

    /// <summary>Not hosted through ZmqContracts.Hosting: the broker takes its endpoints in its constructor (src/Broker binds them from its own configuration).</summary>
    internal override (string Name, string? Value, bool Connects) HostedEndpoint =>
        throw new NotSupportedException("ZmqContracts.Hosting does not host a ZmqBroker: make it with its endpoints, or run src/Broker.");

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        CheckHeartbeat(problems, HeartbeatInterval, HeartbeatLiveness);
        problems.Check(() => ThrowIfNotInterval(RequestExpiry, nameof(RequestExpiry)));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedRequests, nameof(MaxQueuedRequests)));
        problems.Check(() => ThrowIfNotLinger(Linger, nameof(Linger)));
    }
}
