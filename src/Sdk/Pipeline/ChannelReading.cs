using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;

namespace ZmqContracts.Runtime;

/// <summary>
/// Reads a channel to its end as <see cref="ChannelReader{T}.ReadAllAsync"/> does, but heeds a cancellation before every
/// item, and refuses a reading begun after its endpoint's disposal.
/// </summary>
internal static class ChannelReading
{
    /// <summary>
    /// The items of <paramref name="reader"/> until it is completed and empty. <paramref name="cancellationToken"/> is looked
    /// at before each item, not only while none waits, as the channel's own enumeration does: a reader that never runs dry
    /// stops too. A reading begun before <paramref name="lifetime"/>'s disposal gets what the channel held when it was
    /// completed, then ends.
    /// </summary>
    /// <exception cref="System.ObjectDisposedException">The reading began (its first item was asked for) after <paramref name="lifetime"/>'s disposal had begun.</exception>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; no item was taken since.</exception>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(ChannelReader<T> reader, EndpointLifetime lifetime, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lifetime.ThrowIfDisposed();
        do
        {
            while (!cancellationToken.IsCancellationRequested && reader.TryRead(out var item))
            {
                yield return item;
            }
        }
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false));
    }
}
