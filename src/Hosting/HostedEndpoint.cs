using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using ZmqContracts.Runtime;

namespace ZmqContracts.Hosting;

/// <summary>
/// An endpoint that lives with the host: made, bound or connected in <see cref="StartAsync"/>, so that an endpoint in use
/// or malformed fails the host's start with the endpoint's own error; drained and closed in <see cref="StopAsync"/>, which
/// returns once the endpoint is free. A host that starts again makes a new endpoint.
/// </summary>
internal abstract class HostedEndpoint : IHostedService, IAsyncDisposable
{
    private readonly object _gate = new();

    /// <summary>The endpoint running, until a stop takes it.</summary>
    private IZmqEndpoint? _endpoint;

    /// <summary>The endpoint a stop under way closes, which a second stop abandons too; <see langword="null"/> when none is.</summary>
    private IZmqEndpoint? _closing;

    /// <summary>The last stop, which a second stop or a dispose waits for, and a start too, so that the port is free.</summary>
    private Task _stopped = Task.CompletedTask;

    /// <summary>The last start, which a stop waits for, so that an endpoint a start under way binds is stopped too.</summary>
    private Task _started = Task.CompletedTask;
    private volatile HostedEndpointState _state = HostedEndpointState.NotStarted;

    /// <summary>What the endpoint is doing now, for health checks.</summary>
    public HostedEndpointState State => _state;

    /// <summary>The endpoint running, or the one a stop under way closes; <see langword="null"/> before the start and once stopped.</summary>
    protected IZmqEndpoint? Current
    {
        get
        {
            lock (_gate)
            {
                return _endpoint ?? _closing;
            }
        }
    }

    /// <summary>Makes the endpoint object, not yet started; called by <see cref="StartAsync"/> each time the host starts.</summary>
    protected abstract IZmqEndpoint Create();

    /// <summary>
    /// Cancels the token of the handlers still running on a stopping endpoint, so that they end before its own drain
    /// timeout: a server's calls then get an <c>interrupted</c> error reply (those still queued, <c>unavailable</c>), a
    /// subscription's handler stops, and a worker's items not done reach the collector as <c>interrupted</c> failures (those
    /// taken ahead and never started, <c>unavailable</c>), or, acknowledged, are given back.
    /// </summary>
    private static void Abandon(IZmqEndpoint endpoint) => (endpoint as IAbandonable)?.AbandonHandlers();

    /// <summary>
    /// Makes and starts the endpoint, once a stop under way has freed it; <paramref name="cancellationToken"/> (the host's
    /// start) ends that wait, and the endpoint is then not started. A stop that comes meanwhile waits for this start,
    /// then stops what it started.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var started = StartAfterStopAsync(_stopped, cancellationToken);
            _started = started;
            return started;
        }
    }

    private async Task StartAfterStopAsync(Task stopped, CancellationToken cancellationToken)
    {
        await stopped.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        var endpoint = Create();
        try
        {
            endpoint.Start();
        }
        catch
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        lock (_gate)
        {
            _endpoint = endpoint;
            _state = HostedEndpointState.Running;
        }
    }

    /// <summary>
    /// Drains and closes the endpoint, and returns once it is free; a stop or dispose while a start or another stop is
    /// under way waits for that one. When <paramref name="cancellationToken"/> (the host's shutdown timeout) runs out first, the endpoint's
    /// handlers are told to give up (<see cref="Abandon"/>): they are waited for a second more
    /// at most; the endpoint still closes before this returns. Called from one of the endpoint's own handlers (one that
    /// stops its host), it starts the stop and returns at once, as the endpoint's dispose does, since the stop waits for
    /// that handler; the endpoint stays <see cref="HostedEndpointState.Stopping"/> until it closes, after that handler.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task started;
        lock (_gate)
        {
            started = _started;
        }

        // Whether it started or failed, what it made is closed below; its failure is the start's to report.
        await started.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        IZmqEndpoint? closing;
        Task stopped;
        lock (_gate)
        {
            if (_endpoint is { } endpoint)
            {
                _endpoint = null;
                _closing = endpoint;
                _state = HostedEndpointState.Stopping;
                _stopped = CloseAsync(endpoint);
            }

            (closing, stopped) = (_closing, _stopped);
        }

        using var abandoning = closing is null ? default : cancellationToken.UnsafeRegister(static state => Abandon((IZmqEndpoint)state!), closing);

        // The endpoint's dispose, in the caller's flow, returns at once in a flow of its own handlers, whose stop would
        // wait for itself: the close goes on without this caller, and the endpoint is stopping until it ends.
        var disposing = closing?.DisposeAsync() ?? ValueTask.CompletedTask;
        if (!disposing.IsCompleted || stopped.IsCompleted)
        {
            await stopped.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Closes <paramref name="endpoint"/> and marks it stopped once it is free: its dispose runs without the flow of the
    /// stop's caller, so that a stop from one of its handlers, for which the dispose returns at once, still ends when the
    /// endpoint closes, after that handler.
    /// </summary>
    private Task CloseAsync(IZmqEndpoint endpoint)
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(() => ClosedAsync(endpoint));
        }
    }

    private async Task ClosedAsync(IZmqEndpoint endpoint)
    {
        try
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _closing = null;
                if (_endpoint is null)
                {
                    _state = HostedEndpointState.Stopped;
                }
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}

/// <summary>Where a <see cref="HostedEndpoint"/> is in its life.</summary>
internal enum HostedEndpointState
{
    NotStarted,
    Running,
    Stopping,
    Stopped,
}
