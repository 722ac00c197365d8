using System;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts;

/// <summary>
/// The lifecycle every endpoint object shares: servers, clients, publishers, subscribers, producers, workers, collectors
/// and relays alike (docs/guide.md, "Lifecycle").
/// </summary>
/// <remarks>
/// Servers and workers bind or connect in <see cref="Start"/>; the other endpoints do it in their constructor, so that
/// they can be used at once, and their <see cref="Start"/> does nothing more. <see cref="IAsyncDisposable.DisposeAsync"/>
/// stops the endpoint within its documented bound and returns once the endpoints it bound are free for another bind;
/// calling it again does nothing more. After it, every call throws an <see cref="ObjectDisposedException"/> that names
/// the endpoint's type.
/// </remarks>
public interface IZmqEndpoint : IAsyncDisposable
{
    /// <summary>Binds or connects and starts, unless started already; returns at once.</summary>
    /// <exception cref="ZmqException">An endpoint is malformed, does not resolve, or is in use; the message names it and says why.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint object was disposed.</exception>
    void Start();

    /// <summary>
    /// Starts unless started, runs until <paramref name="cancellationToken"/> is cancelled or the object is disposed, then
    /// disposes it and completes once that is done.
    /// </summary>
    /// <param name="cancellationToken">Ends the run.</param>
    /// <exception cref="ObjectDisposedException">The endpoint object was disposed before the call.</exception>
    Task RunAsync(CancellationToken cancellationToken);
}
