using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// What every generated worker is besides its contract's operations: its endpoints, its counts and its lifecycle. A
/// generated worker derives from it and writes only its constructors and its table of operations.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class WorkerBase : IZmqEndpoint, IAbandonable
{
    private readonly PipelineWorker _worker;

    /// <summary>Takes <paramref name="worker"/>, not started yet, as the worker's own.</summary>
    /// <param name="worker">Runs the contract's operations on the items.</param>
    protected WorkerBase(PipelineWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        _worker = worker;
    }

    /// <summary>Where the items come from: as given until <see cref="Start"/>, then, when the options bind it, the address actually bound.</summary>
    public string InputEndpoint => _worker.InputEndpoint;

    /// <summary>Where results and failures go (<see langword="null"/> for a terminal stage): as given until <see cref="Start"/>, then, when the options bind it, the address actually bound.</summary>
    public string? OutputEndpoint => _worker.OutputEndpoint;

    /// <summary>How many items the implementation has processed without throwing.</summary>
    public long ItemsProcessed => _worker.ItemsProcessed;

    /// <summary>How many items failed here: the implementation threw, the item could not be read, or the worker shut down first.</summary>
    public long ItemsFailed => _worker.ItemsFailed;

    /// <summary>Connects and starts taking items, unless started already; returns at once.</summary>
    /// <exception cref="ZmqException">An endpoint is malformed or does not resolve; the message names it and says why.</exception>
    public void Start() => _worker.Start();

    /// <summary>Starts unless started, works until <paramref name="cancellationToken"/> is cancelled or the worker is disposed, then shuts down as <see cref="DisposeAsync"/> does.</summary>
    /// <param name="cancellationToken">Ends the work.</param>
    public Task RunAsync(CancellationToken cancellationToken) => _worker.RunAsync(cancellationToken);

    /// <inheritdoc cref="PipelineWorker.AbandonHandlers"/>
    void IAbandonable.AbandonHandlers() => _worker.AbandonHandlers();

    /// <summary>
    /// Stops taking items, finishes those in hand and sends their results within the options' drain timeout, and closes.
    /// Called from the implementation while it processes an item, it starts the shutdown and returns at once.
    /// </summary>
    public ValueTask DisposeAsync() => _worker.DisposeAsync();
}
