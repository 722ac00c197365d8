using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// What every generated collector is besides the readers of its contract's results: its endpoints, its failures and its
/// lifecycle. A generated collector derives from it and writes only its constructor and one reader per result.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class CollectorBase : IZmqEndpoint, IDisposable
{
    /// <summary>Takes <paramref name="collector"/>, already bound, as the collector's own.</summary>
    /// <param name="collector">The socket the results arrive on.</param>
    protected CollectorBase(PipelineCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        Collector = collector;
    }

    /// <summary>The address bound (the port chosen for <c>*</c>), or, with <see cref="ZmqCollectorOptions.Connect"/>, the one connected to: what the workers send to.</summary>
    public string Endpoint => Collector.Endpoint;

    /// <summary>The address bound for acknowledgements (the options' <c>AcknowledgementEndpoint</c>), or <see langword="null"/>: what producers in acknowledged mode connect to.</summary>
    public string? AcknowledgementEndpoint => Collector.AcknowledgementEndpoint;

    /// <summary>How many failures have arrived, whether or not they were read.</summary>
    public long FailureCount => Collector.FailureCount;

    /// <summary>The socket the results arrive on.</summary>
    protected PipelineCollector Collector { get; }

    /// <summary>
    /// The items that failed (the implementation threw, an item or result could not be read), as they arrive, until the
    /// collector is disposed (then those that had arrived).
    /// </summary>
    /// <param name="cancellationToken">Ends the reading.</param>
    /// <exception cref="ObjectDisposedException">The reading began (its first failure was asked for) after the collector was disposed.</exception>
    public IAsyncEnumerable<ZmqPipelineFailure> ReadFailuresAsync(CancellationToken cancellationToken = default) => Collector.ReadFailuresAsync(cancellationToken);

    /// <summary>Does nothing more: the constructor bound the collector.</summary>
    void IZmqEndpoint.Start() => Collector.Start();

    /// <inheritdoc/>
    Task IZmqEndpoint.RunAsync(CancellationToken cancellationToken) => Collector.RunAsync(cancellationToken);

    /// <summary>
    /// Stops taking results and closes the socket; the readers already reading get what had arrived, then end, and a
    /// reading begun afterwards throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => Collector.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => Collector.DisposeAsync();
}
