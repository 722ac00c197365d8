using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// Waits, again and again for one reader, until either of two channels has something to read. A wait on one channel
/// that the other's item ended is kept for the next time rather than asked for again, and the waits still pending are
/// withdrawn when the reader is done: asked afresh each time, those left pending on a channel that stays empty (a
/// collector's failures, say) piled up for as long as it stayed empty, about 300 bytes each. One reader at a time.
/// </summary>
internal sealed class EitherChannelWait<TFirst, TSecond> : IDisposable
{
    private readonly ChannelReader<TFirst> _first;
    private readonly ChannelReader<TSecond> _second;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _waits;
    private Task<bool>? _firstReady;
    private Task<bool>? _secondReady;

    /// <param name="first">One channel.</param>
    /// <param name="second">The other.</param>
    /// <param name="cancellationToken">Ends every wait.</param>
    public EitherChannelWait(ChannelReader<TFirst> first, ChannelReader<TSecond> second, CancellationToken cancellationToken)
    {
        _first = first;
        _second = second;
        _cancellationToken = cancellationToken;
        _waits = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Waits until either channel has something to read: false once both are completed and empty.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; the exception carries it.</exception>
    public async Task<bool> WaitAsync()
    {
        var firstReady = _firstReady ??= _first.WaitToReadAsync(_waits.Token).AsTask();
        var secondReady = _secondReady ??= _second.WaitToReadAsync(_waits.Token).AsTask();
        bool readable;
        try
        {
            var done = await Task.WhenAny(firstReady, secondReady).ConfigureAwait(false);

            // A channel that is completed and empty says false: then the other one decides.
            readable = await done.ConfigureAwait(false) || await (done == firstReady ? secondReady : firstReady).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            // The waits heed a token linked to the caller's: the caller's own is the one to tell.
            throw new OperationCanceledException(_cancellationToken);
        }

        _firstReady = firstReady.IsCompleted ? null : firstReady;
        _secondReady = secondReady.IsCompleted ? null : secondReady;
        return readable;
    }

    /// <summary>Withdraws the waits still pending.</summary>
    public void Dispose()
    {
        _waits.Cancel();
        _waits.Dispose();
    }
}
