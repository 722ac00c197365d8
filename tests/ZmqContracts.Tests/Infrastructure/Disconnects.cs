using System;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Monitoring;

namespace ZmqContracts.Tests;

/// <summary>Watches a raw peer's socket through NetMQ's monitor and completes <see cref="Next"/> when a connection of it closes.</summary>
internal sealed class Disconnects : IAsyncDisposable
{
    private readonly NetMQMonitor _monitor;
    private readonly Task _monitoring;
    private readonly TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Disconnects(NetMQSocket socket)
    {
        _monitor = new NetMQMonitor(socket, $"inproc://disconnects-{Guid.NewGuid():N}", SocketEvents.Disconnected);
        _monitor.Disconnected += (_, _) => _next.TrySetResult();
        _monitoring = _monitor.StartAsync();
    }

    public Task Next => _next.Task;

    public async ValueTask DisposeAsync()
    {
        _monitor.Stop();
        await _monitoring.Bound();
        _monitor.Dispose();
    }
}
