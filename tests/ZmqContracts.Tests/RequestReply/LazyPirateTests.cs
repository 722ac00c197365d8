using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>
/// Retries of [Idempotent] operations (the ZeroMQ guide's Lazy Pirate): what is sent again, how often, over which
/// connection, and that nothing else is ever sent twice.
/// </summary>
public class LazyPirateTests
{
    [Fact]
    public async Task A_killed_server_replaced_on_the_same_endpoint_answers_the_pending_idempotent_call_and_the_other_call_fails_without_running_twice()
    {
        var stuck = new Ledger(balance: 1, stuck: true);
        var first = new LedgerServer(stuck, Loopback.AnyPort, new ZmqServerOptions { DrainTimeout = TimeSpan.FromMilliseconds(1) });
        first.Start();
        await using var client = new LedgerClient(first.Endpoint, new ZmqClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(500),
            MaxAttempts = 100,
            RetryBackoff = TimeSpan.FromMilliseconds(10),
            CallTimeout = Within.Timeout,
        });
        var balance = client.Balance("alice");
        var deposit = client.Deposit("alice", 10);
        await stuck.Gate.Entered(2).Bound();

        // Both handlers hang and ignore the server's cancellation: the server closes without answering, as a killed one would.
        await first.DisposeAsync().Bound();
        var revived = new Ledger(balance: 2);
        await using var second = new LedgerServer(revived, first.Endpoint).Started();

        Assert.Equal(2, await balance.Bound());
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => deposit.Bound());
        Assert.Contains("Ledger.Deposit", failure.Message);
        Assert.Contains(first.Endpoint, failure.Message);
        Assert.Contains("after 1 try", failure.Message);
        Assert.Contains("not [Idempotent], so it was not sent again", failure.Message);
        Assert.Equal(1, stuck.Deposits);
        Assert.Equal(0, revived.Deposits);
        Assert.True(stuck.Balances >= 1);
        Assert.True(revived.Balances >= 1);
        stuck.Gate.Open();
    }

    [Fact]
    public async Task A_retry_after_the_connection_was_lost_and_made_again_goes_over_the_new_one_so_the_calls_sent_over_it_get_their_replies()
    {
        var requestTimeout = TimeSpan.FromSeconds(3);
        var time = new FakeTimeProvider();
        var held = new Ledger(balance: 2, stuck: true);
        await using var server = new LedgerServer(held, Loopback.AnyPort).Started();
        using var proxy = new FreezableProxy(server.Endpoint);
        var changes = Channel.CreateUnbounded<ZmqConnectionEventArgs>();
        await using var client = new LedgerClient(proxy.Endpoint, new ZmqClientOptions
        {
            RequestTimeout = requestTimeout,
            MaxAttempts = 3,
            RetryBackoff = TimeSpan.FromMilliseconds(10),
            TimeProvider = time,
        });
        client.ConnectionChanged += (_, change) => changes.Writer.TryWrite(change);
        var balance = client.Balance("alice");
        await held.Gate.Entered().Bound();

        // Half a request timeout after the balance, on the client's clock, the connection goes as a killed server's would,
        // the balance's reply with it, and ZeroMQ makes a new one by itself; the deposit goes then, so that its own timeout
        // is still half a request timeout away when the balance's runs out, on a clock that moves no further.
        time.Advance(requestTimeout / 2);
        proxy.DropConnections();
        await changes.Reader.ReadUntil(false).Bound();
        await changes.Reader.ReadUntil(true).Bound();
        var deposit = client.Deposit("alice", 10);
        time.Advance(requestTimeout / 2);

        // The retry's backoff (10 ms at most), and the client's deadline timer's next tick (100 ms at most).
        time.Advance(TimeSpan.FromMilliseconds(100));

        // The deposit and the balance's retry both wait in the server: the retry was sent, over whichever connection,
        // before the deposit is answered.
        await held.Gate.Entered(2).Bound();
        held.Gate.Open();

        Assert.Equal(12, await deposit.Bound());
        Assert.Equal(2, await balance.Bound());
        Assert.Equal(1, held.Deposits);
    }

    [Fact]
    public async Task An_idempotent_call_to_a_silent_server_is_sent_MaxAttempts_times_each_over_a_fresh_connection_then_fails_naming_tries_and_endpoint()
    {
        // Each attempt reaches the server only if its fresh connection is made within RequestTimeout: the reconnect before
        // the next attempt discards what waits on a connection never made. 200 ms was too short on a loaded machine.
        await using var raw = RawLedger.Start(requestTimeout: TimeSpan.FromSeconds(1), maxAttempts: 3, retryBackoff: TimeSpan.FromMilliseconds(10));
        var (silent, client, endpoint) = (raw.Server, raw.Client, raw.Endpoint);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => client.Balance("alice").Bound());
        var deposit = client.Deposit("alice", 10);

        Assert.Contains("Ledger.Balance", failure.Message);
        Assert.Contains(endpoint, failure.Message);
        Assert.Contains("after 3 tries", failure.Message);
        var attempts = Enumerable.Range(0, 3).Select(_ => silent.ReceiveFrames()).ToList();
        Assert.All(attempts, attempt => Assert.Equal("Balance", Encoding.UTF8.GetString(attempt[3])));
        Assert.Single(attempts.Select(attempt => Convert.ToHexString(attempt[1])).Distinct());
        Assert.Equal(3, attempts.Select(attempt => Convert.ToHexString(attempt[0])).Distinct().Count());

        // The next message is the next call: the idempotent one was sent exactly three times.
        Assert.Equal("Deposit", Encoding.UTF8.GetString(silent.ReceiveFrames()[3]));
        await Assert.ThrowsAsync<TimeoutException>(() => deposit.Bound());
    }

    [Fact]
    public async Task A_call_that_is_not_idempotent_is_sent_once_however_many_attempts_are_allowed()
    {
        await using var raw = RawLedger.Start(requestTimeout: TimeSpan.FromMilliseconds(200), maxAttempts: 5, retryBackoff: TimeSpan.Zero);
        var (silent, client) = (raw.Server, raw.Client);

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => client.Deposit("alice", 10).Bound());
        var next = client.Deposit("bob", 20);

        Assert.Contains("after 1 try", failure.Message);
        Assert.Equal("Deposit", Encoding.UTF8.GetString(silent.ReceiveFrames()[3]));
        Assert.Equal("bob", MessagePack.MessagePackSerializer.Deserialize<string>(silent.ReceiveFrames()[4]));
        await Assert.ThrowsAsync<TimeoutException>(() => next.Bound());
    }

    [Fact]
    public async Task A_server_that_answers_other_calls_is_alive_so_the_retry_goes_over_the_same_connection_and_its_reply_completes_the_call()
    {
        await using var raw = RawLedger.Start(requestTimeout: TimeSpan.FromSeconds(2), maxAttempts: 3, retryBackoff: TimeSpan.Zero);
        var (slow, client) = (raw.Server, raw.Client);

        var balance = client.Balance("alice");
        var firstAttempt = slow.ReceiveFrames();
        var deposit = client.Deposit("alice", 10);
        var depositRequest = slow.ReceiveFrames();
        slow.SendFrames(depositRequest[0], depositRequest[1], [], MessagePack.MessagePackSerializer.Serialize(11L));
        Assert.Equal(11, await deposit.Bound());

        var secondAttempt = slow.ReceiveFrames();
        slow.SendFrames(secondAttempt[0], secondAttempt[1], [], MessagePack.MessagePackSerializer.Serialize(7L));

        Assert.Equal(7, await balance.Bound());
        Assert.Equal("Balance", Encoding.UTF8.GetString(secondAttempt[3]));
        Assert.Equal(firstAttempt[0], secondAttempt[0]);
        Assert.Equal(firstAttempt[1], secondAttempt[1]);
    }

    [Fact]
    public async Task A_retry_after_the_connection_went_half_open_reaches_the_server_over_a_fresh_connection_and_the_lost_call_that_is_not_idempotent_fails()
    {
        var ledger = new Ledger(balance: 5);
        await using var server = new LedgerServer(ledger, Loopback.AnyPort).Started();
        using var proxy = new FreezableProxy(server.Endpoint);
        await using var client = new LedgerClient(proxy.Endpoint, new ZmqClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(300),
            MaxAttempts = 10,
            RetryBackoff = TimeSpan.FromMilliseconds(10),
            CallTimeout = Within.Timeout,
        });
        Assert.Equal(5, await client.Balance("alice").Bound());

        // The connection stays open but carries nothing: only a fresh one reaches the server.
        proxy.Freeze();
        var lost = client.Deposit("alice", 1);

        Assert.Equal(5, await client.Balance("alice").Bound());
        Assert.Contains("after 1 try", (await Assert.ThrowsAsync<TimeoutException>(() => lost.Bound())).Message);
        Assert.Equal(0, ledger.Deposits);
        Assert.True(proxy.Accepted >= 2);
    }

    [Fact]
    public async Task A_call_waiting_to_be_retried_ends_at_once_when_cancelled_or_when_the_client_is_disposed()
    {
        using var silent = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{silent.BindRandomPort("tcp://127.0.0.1")}";
        var logger = new Pipeline.ListLogger();
        var client = new LedgerClient(endpoint, new ZmqClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(100),
            RetryBackoff = TimeSpan.FromMinutes(10),
            Logger = logger,
        });
        using var cancellation = new CancellationTokenSource();

        var cancelled = client.Balance("alice", cancellation.Token);
        await logger.Logged("sending it again").Bound();
        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.Bound());

        var disposed = client.Balance("bob");
        await logger.Logged("sending it again").Bound();
        await client.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => disposed.Bound());
    }

    [Fact]
    public void Client_options_out_of_range_are_refused_naming_the_option() => Assert.All(
        new (string Name, ZmqClientOptions Options)[]
        {
            ("MaxAttempts", new() { MaxAttempts = 0 }),
            ("RetryBackoff", new() { RetryBackoff = TimeSpan.FromSeconds(-1) }),
            ("CallTimeout", new() { CallTimeout = TimeSpan.Zero }),
            ("HeartbeatInterval", new() { HeartbeatInterval = TimeSpan.Zero }),
        },
        bad => Assert.Equal(bad.Name, Assert.Throws<ArgumentOutOfRangeException>(() => new LedgerClient("tcp://127.0.0.1:1", bad.Options)).ParamName));

    /// <summary>A hand-written ROUTER on a free port, which answers only what the test makes it answer, and a ledger client connected to it.</summary>
    [Fact]
    public async Task Clients_whose_calls_time_out_together_send_their_retries_at_different_moments()
    {
        // Without jitter, every retry would reach the server a request timeout and a backoff after its first attempt, the
        // twelve within a few milliseconds of one another; with it, each waits between half the backoff and all of it.
        const int Clients = 12;
        var (requestTimeout, backoff) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        using var silent = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{silent.BindRandomPort("tcp://127.0.0.1")}";
        var clients = Enumerable.Range(0, Clients)
            .Select(_ => new LedgerClient(endpoint, new ZmqClientOptions { RequestTimeout = requestTimeout, MaxAttempts = 2, RetryBackoff = backoff }))
            .ToList();

        // The test host keeps two thread-pool threads blocked (vstest's message loop, xunit's runner): on two cores, a test
        // that runs first finds the pool starved, and the retries' timers all run together once it grows, jitter or not.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(workers + 4, completionPorts);
        try
        {
            // Connected first: a first attempt sent before its connection is made would time out unsent, in a cold process.
            await Task.WhenAll(clients.Select(client => client.Connected())).Bound();
            var calls = clients.Select((client, index) => client.Balance($"client {index}")).ToList();

            // Read on a thread of its own: a blocking read on the thread pool would hold up the clients' retries with it.
            var gaps = await Task.Factory.StartNew(() => GapsBetweenAttempts(silent, Clients), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Bound();

            // Measured where the attempts are read, which a loaded machine delays: only the spread is asserted, which the
            // jitter makes hundreds of milliseconds wide.
            Assert.Equal(Clients, gaps.Count);
            var spread = gaps.Max() - gaps.Min();
            Assert.True(spread > backoff * 0.15, $"the retries came within {spread.TotalMilliseconds:0} ms of one another: {string.Join(", ", gaps.Select(gap => gap.TotalMilliseconds.ToString("0")))} ms");
            foreach (var call in calls)
            {
                await Assert.ThrowsAsync<TimeoutException>(() => call.Bound());
            }
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completionPorts);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Reads two attempts from each of <paramref name="clients"/> callers, and returns the time between each one's two.</summary>
    private static List<TimeSpan> GapsBetweenAttempts(RouterSocket server, int clients)
    {
        var firstAttempts = new Dictionary<string, long>();
        var gaps = new List<TimeSpan>();
        for (var attempt = 0; attempt < 2 * clients; attempt++)
        {
            var message = new NetMQMessage();
            Assert.True(server.TryReceiveMultipartMessage(Within.Timeout, ref message), $"attempt {attempt + 1} of {2 * clients} never came");
            var account = Convert.ToHexString(message[4].Buffer);
            if (!firstAttempts.TryAdd(account, Stopwatch.GetTimestamp()))
            {
                gaps.Add(Stopwatch.GetElapsedTime(firstAttempts[account]));
            }
        }

        return gaps;
    }

    private sealed class RawLedger : IAsyncDisposable
    {
        private RawLedger(RouterSocket server, string endpoint, LedgerClient client) => (Server, Endpoint, Client) = (server, endpoint, client);

        public RouterSocket Server { get; }

        public string Endpoint { get; }

        public LedgerClient Client { get; }

        public static RawLedger Start(TimeSpan requestTimeout, int maxAttempts, TimeSpan retryBackoff)
        {
            var server = new RouterSocket();
            var endpoint = $"tcp://127.0.0.1:{server.BindRandomPort("tcp://127.0.0.1")}";
            var client = new LedgerClient(endpoint, new ZmqClientOptions { RequestTimeout = requestTimeout, MaxAttempts = maxAttempts, RetryBackoff = retryBackoff });
            return new RawLedger(server, endpoint, client);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            Server.Dispose();
        }
    }
}
