using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace ZmqContracts.Hosting;

/// <summary>
/// An endpoint that lives with the host: made, bound or connected in <see cref="StartAsync"/>, so that an endpoint in use
/// or malformed fails the host's start with the endpoint's own error; drained and closed in <see cref="StopAsync"/>, which
/// returns once the endpoint is free. A host that starts again makes a new endpoint.
/// </summary>
internal abstract class HostedEndpoint : IHostedService, IAsyncDisposable
{
    private readonly object _gate = new();
    private IZmqEndpoint? _endpoint;
    private volatile HostedEndpointState _state = HostedEndpointState.NotStarted;

    /// <summary>What the endpoint is doing now, for health checks.</summary>
    public HostedEndpointState State => _state;

    /// <summary>How health checks and messages name it, such as <c>ICalculator+IGreeter server on tcp://*:5555</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Makes the endpoint object, not yet started; called by <see cref="StartAsync"/> each time the host starts.</summary>
    protected abstract IZmqEndpoint Create();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
    /// Drains and closes the endpoint within its options' <c>DrainTimeout</c> (plus a second's grace), whatever
    /// <paramref name="cancellationToken"/> says: the endpoint must be free when this returns, so keep the drain timeout
    /// below the host's shutdown timeout.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IZmqEndpoint? endpoint;
        lock (_gate)
        {
            endpoint = _endpoint;
            _endpoint = null;
            if (endpoint is null)
            {
                return;
            }

            _state = HostedEndpointState.Stopping;
        }

        await StopEndpointAsync(endpoint, cancellationToken).ConfigureAwait(false);
        _state = HostedEndpointState.Stopped;
    }

    /// <summary>Drains and closes an endpoint <see cref="Create"/> made; returns once it is free.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="cancellationToken">The host's shutdown timeout: cancelled when it runs out.</param>
    protected virtual ValueTask StopEndpointAsync(IZmqEndpoint endpoint, CancellationToken cancellationToken) => endpoint.DisposeAsync();

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
