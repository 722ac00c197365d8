using System;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>What a client tells about its connection: <c>IsConnected</c> and <c>ConnectionChanged</c>, from NetMQ's monitor events.</summary>
public class ConnectionStateTests
{
    /// <summary>
    /// NetMQ's monitor reports no inproc connection, so a client over inproc read as never connected: unhealthy, and a
    /// call that timed out claimed that the server never got it, which would make sending it again look safe.
    /// </summary>
    [Fact]
    public async Task Over_inproc_a_client_is_connected_once_it_has_connected_and_a_timeout_does_not_claim_that_the_server_never_got_the_call()
    {
        var endpoint = $"inproc://{Guid.NewGuid():N}";
        var ledger = new Ledger(balance: 1, stuck: true);
        await using var server = new LedgerServer(ledger, endpoint).Started();
        await using var client = new LedgerClient(endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.True(client.IsConnected);
        var deposit = client.Deposit("alice", 10);
        await ledger.Gate.Entered().Bound();
        var timedOut = await Assert.ThrowsAsync<TimeoutException>(() => deposit.Bound());

        Assert.DoesNotContain("never got the request", timedOut.Message);
        Assert.Contains("the server may have run it", timedOut.Message);
        ledger.Gate.Open();
    }

    [Fact]
    public async Task A_client_reports_connected_then_disconnected_when_its_server_goes_then_connected_when_it_is_back()
    {
        var first = new LedgerServer(new Ledger(balance: 1), Loopback.AnyPort);
        first.Start();
        var changes = Channel.CreateUnbounded<ZmqConnectionEventArgs>();
        await using var client = new LedgerClient(first.Endpoint);
        var senders = new System.Collections.Concurrent.ConcurrentQueue<object?>();
        client.ConnectionChanged += (sender, change) =>
        {
            senders.Enqueue(sender);
            changes.Writer.TryWrite(change);
        };

        // A reply has come, so the connection is made; its event may have been raised before the handler was added.
        Assert.Equal(1, await client.Balance("alice").Bound());
        Assert.True(client.IsConnected);

        await first.DisposeAsync().Bound();
        var lost = await changes.Reader.ReadUntil(false).Bound();
        Assert.Equal(first.Endpoint, lost.Endpoint);
        Assert.NotEmpty(senders);
        Assert.All(senders, sender => Assert.Same(client, sender));
        Assert.False(client.IsConnected);

        await using var second = new LedgerServer(new Ledger(balance: 2), first.Endpoint).Started();
        await changes.Reader.ReadUntil(true).Bound();
        Assert.True(client.IsConnected);
        Assert.Equal(2, await client.Balance("alice").Bound());
    }

    [Fact]
    public async Task With_heartbeats_a_connection_that_goes_half_open_is_reported_lost_then_made_afresh()
    {
        await using var server = new LedgerServer(new Ledger(balance: 4), Loopback.AnyPort).Started();
        using var proxy = new FreezableProxy(server.Endpoint);
        var changes = Channel.CreateUnbounded<ZmqConnectionEventArgs>();
        await using var client = new LedgerClient(proxy.Endpoint, new ZmqClientOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(250) });
        client.ConnectionChanged += (_, change) => changes.Writer.TryWrite(change);
        Assert.Equal(4, await client.Balance("alice").Bound());

        // Nothing passes any more, and nothing closes: only the missing answers to the heartbeats tell.
        proxy.Freeze();

        await changes.Reader.ReadUntil(false).Bound();
        await changes.Reader.ReadUntil(true).Bound();
        Assert.Equal(4, await client.Balance("alice").Bound());
        Assert.True(proxy.Accepted >= 2);
    }

    [Fact]
    public async Task A_retry_that_drops_a_half_open_connection_reports_it_lost_and_the_client_stays_disconnected_while_no_new_one_can_be_made()
    {
        await using var server = new LedgerServer(new Ledger(balance: 4), Loopback.AnyPort).Started();
        using var proxy = new FreezableProxy(server.Endpoint);
        var changes = Channel.CreateUnbounded<ZmqConnectionEventArgs>();
        await using var client = new LedgerClient(proxy.Endpoint, new ZmqClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(300),
            MaxAttempts = 2,
            RetryBackoff = TimeSpan.FromMilliseconds(10),
        });
        client.ConnectionChanged += (_, change) => changes.Writer.TryWrite(change);
        Assert.Equal(4, await client.Balance("alice").Bound());

        // The connection carries nothing and stays open, and a new one is refused: only the client's retry drops it.
        proxy.Freeze();
        proxy.StopAccepting();

        await Assert.ThrowsAsync<TimeoutException>(() => client.Balance("alice").Bound());
        await changes.Reader.ReadUntil(false).Bound();
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_handler_that_throws_does_not_stop_the_client()
    {
        var endpoint = Loopback.FreeEndpoint();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = new LedgerClient(endpoint);
        client.ConnectionChanged += (_, _) =>
        {
            called.TrySetResult();
            throw new InvalidOperationException("a handler that throws");
        };

        await using var served = new LedgerServer(new Ledger(balance: 3), endpoint).Started();
        await called.Task.Bound();
        Assert.Equal(3, await client.Balance("alice").Bound());
    }

    [Fact]
    public async Task A_client_whose_server_is_not_there_is_not_connected()
    {
        await using var client = new LedgerClient("tcp://127.0.0.1:1", new ZmqClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(100), MaxAttempts = 1 });

        await Assert.ThrowsAsync<TimeoutException>(() => client.Balance("alice").Bound());
        Assert.False(client.IsConnected);
    }
}

internal static class ConnectionChanges
{
    /// <summary>Reads changes until one says <paramref name="connected"/>, skipping those from before the test began to wait.</summary>
    public static async Task<ZmqConnectionEventArgs> ReadUntil(this ChannelReader<ZmqConnectionEventArgs> changes, bool connected)
    {
        while (true)
        {
            var change = await changes.ReadAsync();
            if (change.IsConnected == connected)
            {
                return change;
            }
        }
    }
}
