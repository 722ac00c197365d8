using System;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>
/// A server that answers <see cref="ZmqErrorCode.Unavailable"/> over TCP, because its queue is full or because it is
/// shutting down, or <see cref="ZmqErrorCode.Interrupted"/>, because it shut down while the handler ran: an [Idempotent]
/// call is sent again after its backoff, within MaxAttempts; any other call fails at once.
/// </summary>
public class UnavailableRetryTests
{
    [Fact]
    public async Task An_idempotent_call_refused_by_a_full_queue_is_sent_again_until_it_is_taken_and_a_call_that_is_not_idempotent_fails_at_once()
    {
        await using var busy = await BusyLedger.StartAsync(maxAttempts: 1_000);

        var deposit = await Assert.ThrowsAsync<ZmqRemoteException>(() => busy.Client.Deposit("carol", 10).Bound());
        var retried = busy.Client.Balance("dave");
        await busy.Logger.Logged("was unavailable at attempt 1 of Balance").Bound();
        await busy.Logger.Logged("was unavailable at attempt 2 of Balance").Bound();
        busy.Ledger.Gate.Open();

        Assert.Equal(7, await retried.Bound());
        Assert.Equal(7, await busy.Running.Bound());
        Assert.Equal(7, await busy.Queued.Bound());
        Assert.Equal(ZmqErrorCode.Unavailable, deposit.Code);
        Assert.Contains("Ledger.Deposit", deposit.Message);
        Assert.Contains("after 1 try", deposit.Message);
        Assert.Contains("not [Idempotent], so it was not sent again", deposit.Message);
        Assert.Equal(0, busy.Ledger.Deposits);
        Assert.Equal(3, busy.Ledger.Balances);
    }

    [Fact]
    public async Task An_idempotent_call_that_finds_the_server_unavailable_on_every_attempt_fails_naming_its_tries()
    {
        await using var busy = await BusyLedger.StartAsync(maxAttempts: 3);

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => busy.Client.Balance("dave").Bound());

        Assert.Equal(ZmqErrorCode.Unavailable, failure.Code);
        Assert.Contains("Ledger.Balance", failure.Message);
        Assert.Contains("after 3 tries", failure.Message);
        Assert.DoesNotContain("Idempotent", failure.Message);
        Assert.Contains("busy", failure.RemoteMessage);
        Assert.Equal(1, busy.Ledger.Balances);
    }

    [Fact]
    public async Task An_idempotent_call_that_a_server_shutting_down_cuts_short_is_answered_by_the_other_server_behind_the_same_endpoint()
    {
        var closing = new Ledger(balance: 1, stuck: true, cancellable: true);
        var first = new LedgerServer(closing, Loopback.AnyPort, new ZmqServerOptions { DrainTimeout = TimeSpan.FromMilliseconds(1) }).Started();
        var open = new Ledger(balance: 2);
        await using var second = new LedgerServer(open, Loopback.AnyPort).Started();
        using var proxy = new ServersBehindOneEndpoint(first.Endpoint);
        var logger = new ListLogger();
        // No attempt times out: only the interrupted reply can make the call go again. The backoff leaves the test time to
        // take the closed server out of the proxy, so that the retry cannot go down the connection to it.
        await using var client = new LedgerClient(proxy.Endpoint, new ZmqClientOptions
        {
            RequestTimeout = Within.Timeout,
            RetryBackoff = TimeSpan.FromSeconds(2),
            Logger = logger,
        });
        var balance = client.Balance("alice");
        await closing.Gate.Entered().Bound();
        await proxy.ConnectAsync(second.Endpoint).Bound();

        // The drain runs out at once and cancels the handler, which the server answers as interrupted before it closes.
        await first.DisposeAsync().Bound();
        await logger.Logged($"{proxy.Endpoint} cut the call short at attempt 1 of Balance (the server shut down while the handler ran: the call may have run, in part or in full); sending it again").Bound();
        await proxy.DisconnectAsync(first.Endpoint).Bound();

        Assert.Equal(2, await balance.Bound());
        Assert.Equal(1, closing.Balances);
        Assert.Equal(1, open.Balances);
    }

    /// <summary>
    /// A ROUTER/DEALER proxy: clients connect to <see cref="Endpoint"/>, and the DEALER shares their requests among the
    /// servers it is connected to. It keeps a connection to a closed server (to reconnect), so a test takes a closed server
    /// out with <see cref="DisconnectAsync"/> once its last reply has come through.
    /// </summary>
    private sealed class ServersBehindOneEndpoint : IDisposable
    {
        private readonly RouterSocket _frontend = new();
        private readonly DealerSocket _backend = new();
        private readonly NetMQPoller _poller;

        public ServersBehindOneEndpoint(string server)
        {
            Endpoint = $"tcp://127.0.0.1:{_frontend.BindRandomPort("tcp://127.0.0.1")}";
            _backend.Connect(server);
            _poller = new NetMQPoller { _frontend, _backend };
            new Proxy(_frontend, _backend, poller: _poller).Start();
            _poller.RunAsync();
        }

        public string Endpoint { get; }

        /// <summary>Connects the proxy to one more server.</summary>
        public Task ConnectAsync(string server) => OnProxyThread(() => _backend.Connect(server));

        /// <summary>Stops sending requests to a server.</summary>
        public Task DisconnectAsync(string server) => OnProxyThread(() => _backend.Disconnect(server));

        private Task OnProxyThread(Action action)
        {
            var task = new Task(action);
            task.Start(_poller);
            return task;
        }

        public void Dispose()
        {
            _poller.Stop();
            _poller.Dispose();
            _frontend.Dispose();
            _backend.Dispose();
        }
    }

    /// <summary>
    /// A ledger server with one handler and room for one waiting request, both taken by calls held at the ledger's gate:
    /// every further request is refused as unavailable until the test opens the gate.
    /// </summary>
    private sealed class BusyLedger : IAsyncDisposable
    {
        private BusyLedger(Ledger ledger, LedgerServer server, LedgerClient client, ListLogger logger, Task<long> running, Task<long> queued) =>
            (Ledger, Server, Client, Logger, Running, Queued) = (ledger, server, client, logger, running, queued);

        public Ledger Ledger { get; }

        public LedgerServer Server { get; }

        public LedgerClient Client { get; }

        public ListLogger Logger { get; }

        /// <summary>The call that holds the one handler.</summary>
        public Task<long> Running { get; }

        /// <summary>The call that fills the queue.</summary>
        public Task<long> Queued { get; }

        public static async Task<BusyLedger> StartAsync(int maxAttempts)
        {
            var ledger = new Ledger(balance: 7, stuck: true);
            var server = new LedgerServer(ledger, Loopback.AnyPort, new ZmqServerOptions { MaxConcurrency = 1, MaxQueuedRequests = 1 }).Started();
            var logger = new ListLogger();
            var client = new LedgerClient(server.Endpoint, new ZmqClientOptions
            {
                RequestTimeout = Within.Timeout,
                MaxAttempts = maxAttempts,
                RetryBackoff = TimeSpan.FromMilliseconds(10),
                Logger = logger,
            });
            var running = client.Balance("alice");
            await ledger.Gate.Entered().Bound();

            // Requests travel in order over the one connection, so the server has queued this one before it reads the next.
            var queued = client.Balance("bob");
            return new BusyLedger(ledger, server, client, logger, running, queued);
        }

        public async ValueTask DisposeAsync()
        {
            Ledger.Gate.Open();
            await Client.DisposeAsync();
            await Server.DisposeAsync().Bound();
        }
    }
}
