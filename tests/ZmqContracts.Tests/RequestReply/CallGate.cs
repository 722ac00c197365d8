using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>
/// Holds handler calls until the test opens it, and tells the test when calls have entered, so that tests synchronize on
/// what the server is doing rather than on time.
/// </summary>
public sealed class CallGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _entered = new(0);

    /// <summary>Signals that a call has entered, then waits until the gate is open or <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task Pass(CancellationToken cancellationToken)
    {
        _entered.Release();
        return _open.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when <paramref name="calls"/> more calls have entered <see cref="Pass"/>.</summary>
    public async Task Entered(int calls = 1)
    {
        for (var i = 0; i < calls; i++)
        {
            Xunit.Assert.True(await _entered.WaitAsync(Within.Timeout), $"Only {i} of {calls} calls entered the gate in time.");
        }
    }

    /// <summary>Lets every waiting and future call through.</summary>
    public void Open() => _open.TrySetResult();
}
