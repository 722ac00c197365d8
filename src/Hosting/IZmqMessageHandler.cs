using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Hosting;

/// <summary>
/// Handles the messages of a hosted subscription (<c>AddZmqSubscription&lt;TMessage, THandler&gt;</c>): one at a time, in
/// the order they arrive, each with a handler resolved in a dependency-injection scope of its own.
/// </summary>
/// <typeparam name="TMessage">The <c>[Topic]</c> record subscribed to.</typeparam>
public interface IZmqMessageHandler<in TMessage>
    where TMessage : ITopicMessage<TMessage>
{
    /// <summary>Handles one message. An exception is logged and counted in the subscriber's statistics, and the next message is handled as usual.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancelled when the host stops and the subscription's last messages cannot wait.</param>
    ValueTask HandleAsync(TMessage message, CancellationToken cancellationToken);
}
