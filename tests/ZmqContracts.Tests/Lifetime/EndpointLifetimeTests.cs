using System;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>The one implementation of every endpoint's lifecycle, where its stop misbehaves.</summary>
public class EndpointLifetimeTests
{
    [Fact]
    public async Task A_stop_that_throws_before_its_first_await_runs_once_and_every_dispose_gets_its_error()
    {
        var stops = 0;
        var lifetime = new EndpointLifetime("TestEndpoint", start: () => { }, stop: () =>
        {
            stops++;
            throw new InvalidOperationException("the socket would not close");
        });
        lifetime.Start();

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => lifetime.DisposeAsync().AsTask());
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => lifetime.DisposeAsync().AsTask());

        Assert.Same(first, second);
        Assert.Equal(1, stops);
        Assert.Throws<ObjectDisposedException>(lifetime.ThrowIfDisposed);
    }

    /// <summary>
    /// A stop's synchronous part can run user code: a server whose drain is over at once cancels its handlers' token,
    /// and a callback a handler registered on it may dispose the server. That dispose finds the stop begun.
    /// </summary>
    [Fact]
    public async Task A_dispose_from_inside_the_stop_gets_the_same_stop_and_does_not_run_it_again()
    {
        var stops = 0;
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? inner = null;
        EndpointLifetime? lifetime = null;
        lifetime = new EndpointLifetime("TestEndpoint", start: () => { }, stop: () =>
        {
            if (++stops == 1)
            {
                inner = lifetime!.DisposeAsync().AsTask();
            }

            return finish.Task;
        });
        lifetime.Start();

        var outer = lifetime.DisposeAsync().AsTask();

        Assert.Equal(1, stops);
        Assert.NotNull(inner);
        Assert.False(inner.IsCompleted, "the inner dispose returned before the stop ended");
        finish.SetResult();
        await outer.WaitAsync(Within.Timeout);
        await inner.WaitAsync(Within.Timeout);
        Assert.Equal(1, stops);
    }
}
