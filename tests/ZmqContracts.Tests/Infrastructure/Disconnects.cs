using System;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Monitoring;

namespace ZmqContracts.Tests;

/// <summary>
/// Watches a raw peer's socket through NetMQ's monitor: completes <see cref="Next"/> when a connection of it closes, and
/// <see cref="Reaccepted"/> when a bound socket accepts a connection after that.
/// </summary>
internal sealed class Disconnects : IAsyncDisposable
{
    private readonly NetMQMonitor _monitor;
    private readonly NetMQPoller _poller = new();
    private readonly TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reaccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Disconnects(NetMQSocket socket)
    {
        _monitor = new NetMQMonitor(socket, $"inproc://disconnects-{Guid.NewGuid():N}", SocketEvents.Disconnected | SocketEvents.Accepted);
        _monitor.Disconnected += (_, _) => _next.TrySetResult();

        // The monitor reports events in order, on one thread: an accept seen after the disconnect came after it.
        _monitor.Accepted += (_, _) =>
        {
            if (_next.Task.IsCompleted)
            {
                _reaccepted.TrySetResult();
            }
        };

        // Attaching connects the monitor's socket here and now; StartAsync would connect it later, on the thread pool, and
        // an event that came first (a disconnect right after this constructor) would be dropped unread.
        _monitor.AttachToPoller(_poller);
        _poller.RunAsync();
    }

    public Task Next => _next.Task;

    /// <summary>
    /// A connection accepted after <see cref="Next"/>: by then the socket has had time to drop the closed connection's
    /// pipe, which would otherwise take (and discard) the next message sent.
    /// </summary>
    public Task Reaccepted => _reaccepted.Task;

    public ValueTask DisposeAsync()
    {
        _poller.Stop();
        _monitor.DetachFromPoller();
        _poller.Dispose();
        _monitor.Dispose();
        return ValueTask.CompletedTask;
    }
}
