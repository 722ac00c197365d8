using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts;

/// <summary>
/// The life of an endpoint that hosts an implementation (a request/reply server, a pipeline worker): started once,
/// run until cancelled, stopped once. Whoever stops it first runs the stop action; every caller gets the same task.
/// </summary>
internal sealed class HostLifetime(object owner, string description, Action start, Func<Task> stop)
{
    /// <summary>How long handlers get to finish once their cancellation token is cancelled at the end of a drain.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private Task? _stopped;
    private bool _started;

    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">Already stopped.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped is not null, owner);
            if (_started)
            {
                throw new InvalidOperationException($"The {description} is already started.");
            }

            start();
            _started = true;
        }
    }

    /// <summary>Starts unless started, waits until <paramref name="cancellationToken"/> is cancelled, then stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_started)
            {
                Start();
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync().ConfigureAwait(false);
    }

    public ValueTask StopAsync()
    {
        lock (_gate)
        {
            _stopped ??= stop();
            return new ValueTask(_stopped);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="drainTimeout"/> for <paramref name="drained"/>; when it runs out, cancels
    /// <paramref name="shutdown"/> and waits one second more. Returns false when the work was abandoned unfinished.
    /// </summary>
    public static async Task<bool> DrainAsync(Task drained, TimeSpan drainTimeout, CancellationTokenSource shutdown)
    {
        if (await CompletesWithin(drained, drainTimeout).ConfigureAwait(false))
        {
            return true;
        }

        shutdown.Cancel();
        return await CompletesWithin(drained, AbandonGrace).ConfigureAwait(false);
    }

    private static async Task<bool> CompletesWithin(Task task, TimeSpan timeout) =>
        await Task.WhenAny(task, Task.Delay(timeout)).ConfigureAwait(false) == task;
}
