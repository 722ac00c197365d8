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
}
