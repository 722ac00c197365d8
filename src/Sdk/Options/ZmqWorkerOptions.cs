using System;

namespace ZmqContracts;

/// <summary>Options of a generated pipeline worker.</summary>
/// <remarks>
/// <see cref="ZmqSocketOptions.ReceiveHighWatermark"/> defaults to <see cref="DefaultPrefetch"/> here, not 10,000: with
/// <see cref="Prefetch"/>, that is what ZeroMQ and the worker hold ahead of the items it runs, as much as a hand-written
/// NetMQ worker holds with NetMQ's defaults.
/// </remarks>
public sealed record ZmqWorkerOptions : ZmqSocketOptions
{
    /// <summary>
    /// Where the items come from, such as <c>tcp://producer:5557</c>, for the hosts of ZmqContracts.Hosting, which read it
    /// from configuration. The constructors that take endpoints use theirs and ignore this one. <see langword="null"/> by default.
    /// </summary>
    public string? InputEndpoint { get; set; }

    /// <summary>
    /// Where results and failures go, such as <c>tcp://collector:5558</c> (<see langword="null"/> for a terminal stage), for the
    /// hosts of ZmqContracts.Hosting, which read it from configuration. The constructors that take endpoints use theirs.
    /// </summary>
    public string? OutputEndpoint { get; set; }

    /// <summary>The default of <see cref="Prefetch"/> and of a worker's <see cref="ZmqSocketOptions.ReceiveHighWatermark"/>: 1,000, NetMQ's own default high-water mark.</summary>
    public const int DefaultPrefetch = 1_000;

    /// <summary>Creates the default options.</summary>
    public ZmqWorkerOptions()
    {
        ReceiveHighWatermark = DefaultPrefetch;
    }

    /// <summary>How many items the implementation processes at once, at most 100,000. Default: one per processor.</summary>
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// How many items the worker takes from its socket ahead of those it runs, so that the next item is at hand when one
    /// finishes. Default <see cref="DefaultPrefetch"/> (1,000); 0 takes an item only when it can start it at once, which
    /// costs a thread hand-off per item (many times slower for small items). ZeroMQ's queue for the input is raised to at
    /// least this many too (<see cref="ZmqSocketOptions.ReceiveHighWatermark"/>).
    /// </summary>
    /// <remarks>
    /// <para>
    /// What a closing worker does with them: disposing it (or cancelling <c>RunAsync</c>) first takes every item its socket
    /// holds, whatever the prefetch, then disconnects its input (or unbinds it, with <see cref="BindInput"/>), so that the
    /// producer sends it nothing more, and then processes every item it took within <see cref="DrainTimeout"/>; an item it
    /// cannot finish by then is reported to the collector as a failure, <see cref="ZmqErrorCode.Interrupted"/> when its
    /// handler had started (it may have run), <see cref="ZmqErrorCode.Unavailable"/> when it was taken ahead and never
    /// started (in acknowledged mode it is given back instead, and its producer sends it again). So nothing that reached the worker is
    /// lost on a graceful close. For items that take long, lower the prefetch (or raise <see cref="DrainTimeout"/>): a worker
    /// that runs one item at a time and holds 1,000 of 100 ms each cannot finish them within the default 5 seconds, and
    /// reports the rest as failed.
    /// </para>
    /// <para>
    /// Not covered: items still on their way to a worker when it disconnects — in the producer's queue for that worker
    /// and the operating system's TCP buffers. ZeroMQ discards them with the connection (PUSH has no acknowledgement and
    /// does not send them to another worker). There are none once the producer has stopped sending and the worker has
    /// taken what was sent to it; while the producer sends faster than the workers run, there can be many. Stop the
    /// producer first, or use acknowledged mode, which also covers a worker that dies: its producer sends every item
    /// that was not acknowledged again.
    /// </para>
    /// </remarks>
    public int Prefetch { get; set; } = DefaultPrefetch;

    /// <summary>
    /// How long disposing the worker waits for the items it took (those running and those taken ahead, see
    /// <see cref="Prefetch"/>) to be processed and their results sent, including results that wait for room in the output
    /// (a collector that reads slowly, or none connected yet). When it runs out, the cancellation token passed to the
    /// implementation is cancelled and the items not done are reported as failed. Default 5 seconds.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the worker sends a ZeroMQ heartbeat (a ZMTP PING, which the peer's ZeroMQ answers by itself) on its
    /// input's and its output's connections. When nothing at all comes back within three intervals, the connection is
    /// dropped and, on a connecting side, made afresh. This notices a producer or collector whose host vanished without
    /// closing the connection (powered off, a network cut, a restart elsewhere at the same address): without heartbeats
    /// the worker waits on its input for good, and its results pile up on its output until TCP gives up, minutes later.
    /// Default <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>: no heartbeats. Peers must speak ZMTP 3.1 (NetMQ
    /// 4, libzmq 4.2 and later, so pyzmq too); keep the interval well above the pauses a loaded machine can have.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    internal override TimeSpan ZmtpHeartbeatInterval => HeartbeatInterval;

    /// <summary>
    /// Whether the worker binds its input endpoint (such as <c>tcp://*:5577</c>) instead of connecting to it, for a
    /// producer that connects. Default <see langword="false"/>: the producer binds and any number of workers connect.
    /// </summary>
    public bool BindInput { get; set; }

    /// <summary>
    /// Whether the worker binds its output endpoint (such as <c>tcp://*:5578</c>) instead of connecting to it, for a
    /// collector that connects, as the pyzmq tutorial's <c>resultcollector.py</c> does. Default <see langword="false"/>:
    /// the collector binds and any number of workers connect, which is the shape that scales, since a collector that
    /// connects must know every worker's address.
    /// </summary>
    public bool BindOutput { get; set; }

    /// <summary>How long the output socket keeps trying to deliver the last results once the worker is closed. Default 5 seconds.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends the type and message of an exception the implementation throws on with the item's failure, in its
    /// <see cref="ZmqPipelineFailure.Error"/>. Default <see langword="false"/>: exception messages can tell internals, so the
    /// failure carries <see cref="ZmqErrorCode.HandlerFailed"/> and the <see cref="ZmqRemoteException.ErrorId"/> under which
    /// the worker logged the exception. A <see cref="ZmqFaultException"/>'s message is sent either way.
    /// </summary>
    public bool IncludeExceptionDetails { get; set; }

    internal override (string Name, string? Value, bool Connects) HostedEndpoint => (nameof(InputEndpoint), InputEndpoint, !BindInput);

    internal override (string Name, string? Value, bool Connects)[] OptionalEndpoints => [(nameof(OutputEndpoint), OutputEndpoint, !BindOutput)];

    internal override void Check(OptionProblems problems)
    {
        base.Check(problems);
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConcurrency, MaxConcurrencyLimit));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegative(Prefetch));

        // The worker holds up to MaxConcurrency + Prefetch items, a count that must not overflow (a MaxConcurrency out of
        // range has its own problem, and no bound to give Prefetch).
        if (!problems.Has(nameof(MaxConcurrency)))
        {
            problems.Check(() => ArgumentOutOfRangeException.ThrowIfGreaterThan(Prefetch, int.MaxValue - MaxConcurrency));
        }
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SendHighWatermark));
        problems.Check(() => ThrowIfNotInterval(DrainTimeout, nameof(DrainTimeout)));
        problems.Check(() => ThrowIfNotLinger(Linger, nameof(Linger)));
    }
}
