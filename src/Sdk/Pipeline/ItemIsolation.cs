using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// Sends a suspect item alone: while it is on its way, a producer's other sends wait, so that nothing is queued behind it.
/// A worker that drops its connection for an item (one over the worker's <see cref="ZmqSocketOptions.MaxMessageSize"/>)
/// loses everything ZeroMQ had queued behind that item with the connection; isolated, the item can only fail alone.
/// Thread-safe.
/// </summary>
internal sealed class ItemIsolation
{
    private readonly object _gate = new();
    private bool _isolated;
    private TaskCompletionSource _over = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _quiet;
    private int _sending;

    /// <summary>Waits while an item is isolated, then counts a send as in progress until <see cref="ExitSend"/>.</summary>
    /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask EnterSendAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task over;
            lock (_gate)
            {
                if (!_isolated)
                {
                    _sending++;
                    return;
                }

                over = _over.Task;
            }

            await over.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A send counted by <see cref="EnterSendAsync"/> is queued (or failed).</summary>
    public void ExitSend()
    {
        lock (_gate)
        {
            if (--_sending == 0)
            {
                _quiet?.TrySetResult();
            }
        }
    }

    /// <summary>Holds new sends, and completes once those in progress are queued: then the suspect may go alone.</summary>
    public Task BeginAsync()
    {
        lock (_gate)
        {
            _isolated = true;
            _over = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_sending == 0)
            {
                return Task.CompletedTask;
            }

            _quiet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _quiet.Task;
        }
    }

    /// <summary>Ends the isolation (the suspect was acknowledged, or its deadline passed): the sends held go on.</summary>
    public void End()
    {
        lock (_gate)
        {
            _isolated = false;
            _quiet = null;
            _over.TrySetResult();
        }
    }
}
