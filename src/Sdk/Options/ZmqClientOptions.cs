using System;

namespace ZmqContracts;

/// <summary>Options of a generated request/reply client.</summary>
public sealed record ZmqClientOptions : ZmqSocketOptions
{
    /// <summary>
    /// The endpoint to connect to, such as <c>tcp://calc:5555</c>, for the hosts of ZmqContracts.Hosting, which read it from configuration
    /// (<c>"Endpoint": "tcp://calc:5555"</c>). The constructors that take an endpoint use theirs and ignore this one.
    /// <see langword="null"/> by default.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// How long one attempt of a call waits for its reply; the first counts from the call on, the serialization of its
    /// arguments included (a large argument can take seconds), as the caller sees it. A call to an operation that is not
    /// <see cref="IdempotentAttribute">[Idempotent]</see> makes one attempt and then fails with a
    /// <see cref="TimeoutException"/>; an idempotent one is sent again, up to <see cref="MaxAttempts"/> times.
    /// Default 30 seconds; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> waits for ever (the call's
    /// cancellation token, or <see cref="CallTimeout"/>, still ends it).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a call to an <see cref="IdempotentAttribute">[Idempotent]</see> operation is sent at most before it
    /// fails: with a <see cref="TimeoutException"/> when no attempt got a reply, or with the
    /// <see cref="ZmqRemoteException"/> of the last reply when the last attempt was answered with
    /// <see cref="ZmqErrorCode.Unavailable"/> (the server too busy or shutting down), <see cref="ZmqErrorCode.Interrupted"/>
    /// (the server shut down while the handler ran) or <see cref="ZmqErrorCode.WorkerLost"/> (through a broker). Default 3; 1 turns retries off. Other operations are always sent once.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// How long a call waits after a timed-out, <see cref="ZmqErrorCode.Unavailable"/>, <see cref="ZmqErrorCode.Interrupted"/>
    /// or <see cref="ZmqErrorCode.WorkerLost"/> attempt before it is sent again;
    /// the wait doubles before each further attempt, up to 30 seconds. Each wait is drawn at random between half of it and
    /// all of it, so that clients started together do not retry in lockstep. Default 250 milliseconds.
    /// </summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The bound on a whole call, the serialization of its arguments and every attempt and backoff included: when it runs out the call fails with a
    /// <see cref="TimeoutException"/> even if attempts remain. Default
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: the attempts alone bound the call.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How often the client sends a ZeroMQ heartbeat (a ZMTP PING, which the peer's ZeroMQ answers by itself) to check that
    /// its connection still carries data. When nothing at all comes back within three intervals, the connection is
    /// dropped (<c>ConnectionChanged</c> reports it lost) and ZeroMQ connects afresh. This notices a server whose host
    /// vanished without closing the connection, which TCP alone notices only after minutes. Default
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no heartbeats. The server must speak ZMTP 3.1 (NetMQ 4,
    /// libzmq 4.2 and later).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    internal override TimeSpan ZmtpHeartbeatInterval => HeartbeatInterval;

    internal override (string Name, string? Value, bool Connects) HostedEndpoint => (nameof(Endpoint), Endpoint, Connects: true);

    /// <summary>
    /// Calls through a Majordomo broker (<see cref="ZmqBroker"/>, or any MDP/0.1 broker) at the client's endpoint, as an
    /// MDP client of the service <see cref="ServiceName"/>, instead of calling a server directly. Many calls may be in
    /// flight; each request body ends with a correlation tag that the server returns (docs/protocol.md). Default
    /// <see langword="false"/>.
    /// </summary>
    public bool ViaBroker { get; set; }

    /// <summary>With <see cref="ViaBroker"/>: the service to call. Default <see langword="null"/>: the contract's name (<c>Calculator</c> for <c>ICalculator</c>).</summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// The clock the client's deadlines and backoffs are counted on, and the timer that checks them: the system's, or a
    /// test's, which moves only when the test moves it.
    /// </summary>
    internal TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        problems.Check(() => ThrowIfNotServiceName(ServiceName, "a typed client cannot call it"));

        problems.Check(() => ThrowIfNotPositive(RequestTimeout, nameof(RequestTimeout)));
        problems.Check(() => ThrowIfNotPositive(CallTimeout, nameof(CallTimeout)));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts)));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfLessThan(RetryBackoff, TimeSpan.Zero, nameof(RetryBackoff)));
    }
}
