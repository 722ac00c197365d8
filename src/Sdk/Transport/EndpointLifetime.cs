using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace ZmqContracts;

/// <summary>
/// The one lifecycle of every endpoint object (server, client, publisher, subscriber, producer, worker, collector,
/// relay): <see cref="Start"/> binds or connects, once; <see cref="RunAsync"/> starts unless started and ends when
/// cancelled or disposed; <see cref="DisposeAsync"/> stops once, and every caller gets the same task; and after it
/// every use throws an <see cref="ObjectDisposedException"/> that names the public type.
/// </summary>
/// <param name="objectName">The public type, such as <c>CalculatorServer</c> or <c>ZmqPublisher</c>.</param>
/// <param name="start">Binds or connects and starts the work; on failure it leaves nothing running.</param>
/// <param name="stop">Stops and releases everything, whether or not <paramref name="start"/> ran; returns once the endpoints are free.</param>
internal sealed class EndpointLifetime(string objectName, Action start, Func<Task> stop)
{
    /// <summary>How long handlers get to finish once their cancellation token is cancelled at the end of a drain.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    /// <summary>The endpoint whose handler runs in this flow, if any (<see cref="EnterHandler"/>).</summary>
    private static readonly AsyncLocal<EndpointLifetime?> HandlerOf = new();

    private readonly object _gate = new();
    private readonly TaskCompletionSource _disposing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _stopped;
    private bool _started;

    /// <summary>The public type's name, for messages.</summary>
    public string ObjectName => objectName;

    /// <summary>Whether disposal has begun.</summary>
    public bool IsDisposed => _disposing.Task.IsCompleted;

    /// <summary>Binds or connects and starts, unless started already.</summary>
    /// <exception cref="ObjectDisposedException">Disposal has begun.</exception>
    /// <exception cref="ZmqException">An endpoint could not be bound or connected.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!_started)
            {
                start();
                _started = true;
            }
        }
    }

    /// <summary>
    /// For the endpoint types that start in their constructor: starts, or, when that fails, releases what was made
    /// (so that a failed constructor leaves no thread or socket behind) and throws.
    /// </summary>
    public void StartOrDispose()
    {
        try
        {
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Starts unless started, then waits until <paramref name="cancellationToken"/> is cancelled or disposal begins, and disposes.</summary>
    /// <exception cref="ObjectDisposedException">Disposal had begun before the call.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Start();
        using (cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), _disposing))
        {
            await _disposing.Task.ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Stops once; later, concurrent and re-entrant calls get the same task. Called from one of the endpoint's own
    /// handlers (<see cref="EnterHandler"/>), it starts the stop and returns at once: the stop waits for that handler as
    /// for every other, so a handler that awaited it would wait for itself until the drain ran out.
    /// </summary>
    /// <remarks>
    /// The stop runs outside the lock, after its task is known: its synchronous part can run user code (a handler's
    /// cancellation callback, when the drain is over at once), and a dispose from there must find the stop begun.
    /// </remarks>
    public ValueTask DisposeAsync()
    {
        TaskCompletionSource? stopping = null;
        Task stopped;
        lock (_gate)
        {
            if (_stopped is null)
            {
                _disposing.TrySetResult();
                stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _stopped = stopping.Task;
            }

            stopped = _stopped;
        }

        if (stopping is not null)
        {
            _ = StopInto(stopping);
        }

        return HandlerOf.Value == this ? ValueTask.CompletedTask : new ValueTask(stopped);
    }

    /// <summary>Runs the stop, and ends <paramref name="stopping"/> as it ends.</summary>
    private async Task StopInto(TaskCompletionSource stopping)
    {
        try
        {
            await stop().ConfigureAwait(false);
            stopping.TrySetResult();
        }
        catch (Exception exception)
        {
            // A stop that throws before its first await fails its task like any other: it still runs only once.
            stopping.TrySetException(exception);
        }
    }

    /// <summary>
    /// Marks the rest of the calling async method, and the work it starts, as a handler of this endpoint, for
    /// <see cref="DisposeAsync"/>. Call it in an async method, which takes the mark off when it returns.
    /// </summary>
    public void EnterHandler() => HandlerOf.Value = this;

    /// <summary>Stops once and waits for it, for the synchronous <c>Dispose</c> of the endpoint types that offer one.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <exception cref="ObjectDisposedException">Disposal has begun.</exception>
    public void ThrowIfDisposed()
    {
        if (IsDisposed)
        {
            throw new ObjectDisposedException(objectName);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="drainTimeout"/> for <paramref name="drained"/>, or until <paramref name="work"/>, the
    /// work's token, is cancelled (a host whose shutdown timeout ran out abandoned it early); then calls
    /// <paramref name="abandon"/> (which cancels that token) and waits one second more. Returns false when the work was
    /// abandoned unfinished.
    /// </summary>
    public static async Task<bool> DrainAsync(Task drained, TimeSpan drainTimeout, CancellationToken work, Action abandon)
    {
        if (await CompletesWithin(drained, drainTimeout, work).ConfigureAwait(false))
        {
            return true;
        }

        abandon();
        return await CompletesWithin(drained, AbandonGrace).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels <paramref name="handlers"/>, the token handlers were given, which runs the callbacks they registered on it.
    /// One that throws (it completes a task source a second time, say) is logged, not thrown: the shutdown goes on to
    /// close the sockets, so that the endpoint is released all the same.
    /// </summary>
    public void CancelHandlers(CancellationTokenSource handlers, ILogger logger)
    {
        try
        {
            handlers.Cancel();
        }
        catch (AggregateException exception)
        {
            Log.HandlerCancellationFailed(logger, exception, objectName);
        }
    }

    /// <summary>
    /// Whether <paramref name="task"/> completes (in any way) within <paramref name="timeout"/>, and before
    /// <paramref name="cancellationToken"/> is cancelled. The wait's timer goes as soon as the task completes: a close
    /// that drained early leaves no timer behind for the rest of its timeout.
    /// </summary>
    public static async Task<bool> CompletesWithin(Task task, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return task.IsCompleted;
    }
}
