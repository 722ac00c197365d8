using System;

namespace ZmqContracts;

/// <summary>Options of a generated pipeline worker.</summary>
/// <remarks>
/// <see cref="ZmqSocketOptions.ReceiveHighWatermark"/> defaults to 1 here, not 10,000: ZeroMQ hands a worker items as
/// fast as its queue takes them, whether or not it is free, and an item queued at a worker that closes is lost (PUSH/PULL
/// has no acknowledgement). A worker takes an item from its queue only when it can start it at once, unless
/// <see cref="Prefetch"/> lets it take more.
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

    /// <summary>Creates the default options.</summary>
    public ZmqWorkerOptions()
    {
        ReceiveHighWatermark = 1;
    }

    /// <summary>How many items the implementation processes at once. Default: one per processor.</summary>
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// How many items the worker may take ahead of those it runs, so that the next item is at hand when one finishes; 0
    /// (the default) takes an item only when it can start it at once. ZeroMQ's queue for the input is raised to at
    /// least this many too (<see cref="ZmqSocketOptions.ReceiveHighWatermark"/>). Prefetching is much faster for small
    /// items, but the items ZeroMQ queued at a worker that closes or dies are lost with it unless the producer runs in
    /// acknowledged mode, which sends them again: the natural setting there is 100 or more. Items the worker took are
    /// processed or reported as failed on shutdown, as always.
    /// </summary>
    public int Prefetch { get; set; }

    /// <summary>
    /// How long disposing the worker waits for the items in hand to be processed and their results sent. When it runs
    /// out, the cancellation token passed to the implementation is cancelled and those items are reported as failed.
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

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

    internal override (string Name, string? Value) HostedEndpoint => (nameof(InputEndpoint), InputEndpoint);

    internal override void Validate()
    {
        base.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency);
        ArgumentOutOfRangeException.ThrowIfNegative(Prefetch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SendHighWatermark);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DrainTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(Linger, TimeSpan.Zero);
    }
}
