using System;

namespace ZmqContracts;

/// <summary>Options of a generated request/reply server.</summary>
public sealed record ZmqServerOptions : ZmqSocketOptions
{
    /// <summary>
    /// The endpoint to bind, such as <c>tcp://*:5555</c>, for the hosts of ZmqContracts.Hosting, which read it from configuration
    /// (<c>"Endpoint": "tcp://*:5555"</c>). The constructors that take an endpoint use theirs and ignore this one.
    /// <see langword="null"/> by default.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>How many requests the implementation handles at once, at most 100,000. Default: four per processor, at least 8.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(8, Environment.ProcessorCount * 4);

    /// <summary>
    /// Runs each handler on the thread that reads its request, inside the read, and sends its reply from there when it
    /// completes at once, instead of handing the request to a handler on the thread pool, for handlers that return at
    /// once without blocking: reading memory, computing a small result. Default <see langword="false"/>. It saves the
    /// hand-off to a handler, but not a thread hand-off per call: a default server reads on the runtime's socket
    /// engine's event thread, where the engine sees the request, and a server with this option reads on the thread pool
    /// instead, so that its handlers never hold that thread, which every socket of the process waits on (see
    /// benchmarks/FINDINGS.md).
    /// </summary>
    /// <remarks>
    /// <para>
    /// This departs from the rule that handlers run while no socket is held: while a handler runs, the server reads no
    /// other request and sends no other reply. A handler that blocks (a lock held long, synchronous I/O, <c>Task.Wait</c>)
    /// stalls the whole server; a handler that awaits something not yet complete is fine, and goes on wherever its await
    /// resumes. Requests are then handled one after the other as they arrive, at most <see cref="MaxConcurrency"/> of
    /// them unfinished at once; the others wait in ZeroMQ's queue, so <see cref="MaxQueuedRequests"/> does not apply
    /// and no request is refused as unavailable for want of room.
    /// </para>
    /// <para>
    /// Disposal is as without it: requests already taken are answered within <see cref="DrainTimeout"/>; but a handler
    /// that blocks the socket's thread holds the close too, until it returns, since the close needs the socket. A
    /// handler that waits synchronously for its own server's disposal (<c>DisposeAsync().AsTask().Wait()</c>) therefore
    /// waits for ever: await it instead.
    /// </para>
    /// </remarks>
    public bool HandleOnSocketThread { get; set; }

    /// <summary>
    /// How many received requests may wait for a free handler. A request that finds the queue full gets an
    /// <see cref="ZmqErrorCode.Unavailable"/> error reply at once instead of being dropped. Default 10,000.
    /// </summary>
    public int MaxQueuedRequests { get; set; } = 10_000;

    /// <summary>
    /// How long disposing the server waits for requests already received to be answered. When it runs out, the
    /// cancellation token passed to the handlers is cancelled: requests not yet started get an
    /// <see cref="ZmqErrorCode.Unavailable"/> reply, and those whose handlers end by that cancellation, or still run as the
    /// server closes, an <see cref="ZmqErrorCode.Interrupted"/> one (a handler's own reply after that is not sent).
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the socket keeps trying to deliver the last replies once the server is closed. Default 1 second.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Sends the type and message of an exception a handler throws to the caller, in its <see cref="ZmqRemoteException"/>.
    /// Default <see langword="false"/>: exception messages can tell internals (paths, queries, names), so the caller gets
    /// <see cref="ZmqErrorCode.HandlerFailed"/> and the <see cref="ZmqRemoteException.ErrorId"/> under which the server
    /// logged the exception. A <see cref="ZmqFaultException"/>'s message, written for the caller, is sent either way.
    /// </summary>
    public bool IncludeExceptionDetails { get; set; }

    internal override (string Name, string? Value, bool Connects) HostedEndpoint => (nameof(Endpoint), Endpoint, Connects: false);

    /// <summary>
    /// Connects to a Majordomo broker (<see cref="ZmqBroker"/>, or any MDP/0.1 broker) at the server's endpoint instead of
    /// binding it, and serves as a worker of the service <see cref="ServiceName"/>: it registers with READY, exchanges
    /// heartbeats, and registers again on a new connection when the broker goes silent or sends DISCONNECT. A worker
    /// handles one request at a time (RFC 7): run more servers for more at once. Default <see langword="false"/>.
    /// </summary>
    public bool ViaBroker { get; set; }

    /// <summary>With <see cref="ViaBroker"/>: the service to register for. Default <see langword="null"/>: the contract's name (<c>Calculator</c> for <c>ICalculator</c>).</summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// With <see cref="ViaBroker"/>: how often the server sends the broker a HEARTBEAT. It must match the broker's
    /// <see cref="ZmqBrokerOptions.HeartbeatInterval"/>. Default 2.5 seconds.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// With <see cref="ViaBroker"/>: how many heartbeat intervals may pass without a word from the broker before the server
    /// takes it for gone and registers again on a new connection. Default 3.
    /// </summary>
    public int HeartbeatLiveness { get; set; } = 3;

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        CheckHeartbeat(problems, HeartbeatInterval, HeartbeatLiveness);
        problems.Check(() => ThrowIfNotServiceName(ServiceName, "a worker cannot register it"));

        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConcurrency, MaxConcurrencyLimit));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQueuedRequests));
        problems.Check(() => ThrowIfNotInterval(DrainTimeout, nameof(DrainTimeout)));
        problems.Check(() => ThrowIfNotLinger(Linger, nameof(Linger)));
    }
}
