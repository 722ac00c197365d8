using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// What every generated producer is besides its contract's methods: its endpoint, its acknowledged-mode counts and its
/// lifecycle. A generated producer derives from it and writes only its constructor and the contract's methods.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ProducerBase : IZmqEndpoint, IDisposable
{
    /// <summary>Takes <paramref name="producer"/>, already bound, as the producer's own.</summary>
    /// <param name="producer">The socket the contract's methods send through.</param>
    protected ProducerBase(PipelineProducer producer)
    {
        ArgumentNullException.ThrowIfNull(producer);
        Producer = producer;
    }

    /// <summary>The address bound (the port chosen for <c>*</c>): what the workers connect to.</summary>
    public string Endpoint => Producer.Endpoint;

    /// <summary>In acknowledged mode (the options' <c>AcknowledgementEndpoint</c>), how many items wait for their acknowledgement; otherwise 0.</summary>
    public int PendingItems => Producer.PendingItems;

    /// <summary>In acknowledged mode, how many times an item was sent again because its acknowledgement did not come in time.</summary>
    public long ItemsRedelivered => Producer.ItemsRedelivered;

    /// <summary>In acknowledged mode, how many items were given up on after the options' <c>MaxRedeliveries</c>.</summary>
    public long ItemsAbandoned => Producer.ItemsAbandoned;

    /// <summary>The socket the contract's methods send through.</summary>
    protected PipelineProducer Producer { get; }

    /// <summary>Does nothing more: the constructor bound the producer.</summary>
    void IZmqEndpoint.Start() => Producer.Start();

    /// <inheritdoc/>
    Task IZmqEndpoint.RunAsync(CancellationToken cancellationToken) => Producer.RunAsync(cancellationToken);

    /// <summary>
    /// In acknowledged mode, first waits up to the options' linger for the pending items to be acknowledged. Then offers
    /// the socket the items still waiting for room, closes it, and lets ZeroMQ deliver what it took for the linger time.
    /// </summary>
    public void Dispose() => Producer.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => Producer.DisposeAsync();
}
