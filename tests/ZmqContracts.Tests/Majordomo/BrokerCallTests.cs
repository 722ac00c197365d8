using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.Majordomo.RawMajordomo;

namespace ZmqContracts.Tests.Majordomo;

/// <summary>
/// Typed clients and servers through a <see cref="ZmqBroker"/> with <c>ViaBroker = true</c>: many calls in flight, the
/// service name, the MDP frames each side puts on the wire, and Lazy Pirate retries when a worker hangs or dies.
/// </summary>
public class BrokerCallTests
{
    private static readonly ZmqServerOptions AsWorker = new() { ViaBroker = true };

    [Fact]
    public async Task A_service_lookup_that_one_waiter_gives_up_on_still_answers_the_others_that_share_it()
    {
        using var fakeBroker = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{fakeBroker.BindRandomPort("tcp://127.0.0.1")}";
        await using var client = new ShapesClient(endpoint, new ZmqClientOptions { ViaBroker = true });
        using var impatient = new CancellationTokenSource();
        var given = client.IsServiceServedAsync(Within.Timeout, impatient.Token);
        var patient = client.IsServiceServedAsync(Within.Timeout, CancellationToken.None);
        var lookup = fakeBroker.ReceiveFrames();
        Assert.Equal("mmi.service", Encoding.UTF8.GetString(lookup[3]));

        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given.Bound());
        fakeBroker.SendFrames(lookup[0], [], Client, lookup[3], Encoding.UTF8.GetBytes("200"));

        Assert.True(await patient.Bound());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Many_calls_in_flight_through_the_broker_are_shared_by_its_workers_and_each_caller_gets_its_own_answer(bool handleOnSocketThread)
    {
        const int Calls = 200;
        var options = new ZmqServerOptions { ViaBroker = true, HandleOnSocketThread = handleOnSocketThread };
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        await using var first = new ShapesServer(new Shapes(), broker.Endpoint, options).Started();
        await using var second = new ShapesServer(new Shapes(), broker.Endpoint, options).Started();
        await using var client = new ShapesClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true });

        var echoes = Enumerable.Range(0, Calls).Select(i => client.Echo($"call {i}")).ToArray();
        var sums = Enumerable.Range(0, Calls).Select(i => client.Add(new Operands(i, 1))).ToArray();

        Assert.Equal(Enumerable.Range(0, Calls).Select(i => $"call {i}"), await Task.WhenAll(echoes).Bound());
        Assert.Equal(Enumerable.Range(1, Calls).Select(i => new Sum(i)), await Task.WhenAll(sums).Bound());
    }

    [Fact]
    public async Task ServiceName_on_either_side_overrides_the_contract_name_and_mmi_service_finds_it()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        await using var server = new ShapesServer(new Shapes(), broker.Endpoint, new ZmqServerOptions { ViaBroker = true, ServiceName = "echo" }).Started();
        await using var client = new ShapesClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true, ServiceName = "echo" });

        Assert.Equal("hello", await client.Echo("hello").Bound());
        using var raw = Connect(broker.Endpoint);
        Assert.Equal("200", raw.Lookup("echo"));
        Assert.Equal("404", raw.Lookup("Shapes"));
    }

    [Fact]
    public async Task A_service_named_outside_ASCII_is_named_in_UTF8_in_its_replies_as_in_its_requests_so_its_callers_get_them()
    {
        const string Service = "价格";
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        await using var server = new ShapesServer(new Shapes(), broker.Endpoint, AsWorker with { ServiceName = Service }).Started();
        await using var client = new ShapesClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true, ServiceName = Service });

        Assert.Equal("你好", await client.Echo("你好").Bound());

        // An RFC 7 client reads the service frame of the REPLY as it wrote it in the REQUEST (RawMajordomo.Call asserts it).
        using var raw = Connect(broker.Endpoint);
        Assert.NotEmpty(raw.Call(Service, "not a typed request"));
    }

    [Fact]
    public void An_empty_ServiceName_or_a_heartbeat_that_is_not_positive_is_refused_naming_the_option()
    {
        Assert.Equal("ServiceName", Assert.Throws<ArgumentException>(() => new ShapesClient(Loopback.AnyPort, new ZmqClientOptions { ViaBroker = true, ServiceName = "" })).ParamName);
        Assert.Equal("ServiceName", Assert.Throws<ArgumentException>(() => new ShapesServer(new Shapes(), Loopback.AnyPort, AsWorker with { ServiceName = "" })).ParamName);
        Assert.Equal("HeartbeatInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new ShapesServer(new Shapes(), Loopback.AnyPort, AsWorker with { HeartbeatInterval = TimeSpan.Zero })).ParamName);
        Assert.Equal("HeartbeatLiveness", Assert.Throws<ArgumentOutOfRangeException>(() => new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { HeartbeatLiveness = 0 })).ParamName);
        Assert.Equal("MaxQueuedRequests", Assert.Throws<ArgumentOutOfRangeException>(() => new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { MaxQueuedRequests = 0 })).ParamName);
        Assert.Contains("mmi.", Assert.Throws<ArgumentException>(() => new ShapesServer(new Shapes(), Loopback.FreeEndpoint(), new ZmqServerOptions { ViaBroker = true, ServiceName = "mmi.ledger" })).Message);
        Assert.Contains("mmi.", Assert.Throws<ArgumentException>(() => new ShapesClient(Loopback.FreeEndpoint(), new ZmqClientOptions { ViaBroker = true, ServiceName = "mmi.ledger" })).Message);
    }

    [Fact]
    public async Task A_typed_server_via_the_broker_is_an_RFC7_worker_READY_then_REPLY_with_the_clients_correlation_tag_returned_last()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var server = new ShapesServer(new Shapes(), $"tcp://127.0.0.1:{port}", AsWorker).Started();

        var ready = router.ReceiveFrames();
        Assert.Equal(5, ready.Count);
        Assert.Equal([[], Worker, Ready], ready.GetRange(1, 3));
        Assert.Equal("Shapes", Encoding.UTF8.GetString(ready[4]));

        var tag = Encoding.ASCII.GetBytes("zmqc.call").Concat(BitConverter.GetBytes(7UL)).ToArray();
        var text = MessagePackSerializer.Serialize("hi");
        router.SendFrames(ready[0], [], Worker, Request, RawPeer.Utf8("client-7"), [], RawPeer.Utf8("Echo"), text, tag);

        var reply = router.ReceiveSkippingHeartbeatsFromWorker();
        Assert.Equal(8, reply.Count);
        Assert.Equal([[], Worker, Reply, RawPeer.Utf8("client-7"), []], reply.GetRange(1, 5));
        Assert.Equal("hi", MessagePackSerializer.Deserialize<string>(reply[6]));
        Assert.Equal(tag, reply[7]);

        // A request without a tag (an MDP client of another kind) gets a reply without one.
        router.SendFrames(ready[0], [], Worker, Request, RawPeer.Utf8("client-8"), [], RawPeer.Utf8("Echo"), text);
        Assert.Equal(7, router.ReceiveSkippingHeartbeatsFromWorker().Count);
    }

    [Fact]
    public async Task A_typed_client_via_the_broker_sends_an_RFC7_REQUEST_whose_body_is_the_request_body_and_a_correlation_tag()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}", new ZmqClientOptions { ViaBroker = true });

        var call = client.Echo("hi");
        var request = router.ReceiveFrames();
        Assert.Equal(7, request.Count);
        Assert.Equal([[], Client, RawPeer.Utf8("Shapes"), RawPeer.Utf8("Echo")], request.GetRange(1, 4));
        Assert.Equal("hi", MessagePackSerializer.Deserialize<string>(request[5]));
        Assert.StartsWith("zmqc.call", Encoding.ASCII.GetString(request[6]));

        router.SendFrames(request[0], [], Client, RawPeer.Utf8("Shapes"), MessagePackSerializer.Serialize("there"), request[6]);
        Assert.Equal("there", await call.Bound());
    }

    [Fact]
    public async Task Replies_without_the_correlation_tag_as_a_worker_of_another_kind_sends_them_are_logged_once_then_counted_and_the_call_times_out()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        var log = new ListLogger();
        var client = new ShapesClient($"tcp://127.0.0.1:{port}", new ZmqClientOptions { ViaBroker = true, RequestTimeout = TimeSpan.FromSeconds(1), Logger = log });
        await using (client)
        {
            var call = client.Echo("hi");
            var request = router.ReceiveFrames();
            var tagged = client.Echo("later");
            var taggedRequest = router.ReceiveFrames();
            var untagged = new byte[][] { request[0], [], Client, RawPeer.Utf8("Shapes"), MessagePackSerializer.Serialize("there") };
            router.SendFrames(untagged);
            router.SendFrames(untagged);
            router.SendFrames(taggedRequest[0], [], Client, RawPeer.Utf8("Shapes"), MessagePackSerializer.Serialize("later"), taggedRequest[6]);

            // Read after the untagged ones, which came first on the same connection.
            Assert.Equal("later", await tagged.Bound());
            await log.Logged($"dropped 1 message(s) from the broker at tcp://127.0.0.1:{port} that are no REPLY of service Shapes ending with the zmqc.call tag").Bound();
            await Assert.ThrowsAsync<TimeoutException>(() => call.Bound());
        }

        Assert.Equal([1L, 1L], log.Values(15, "Count"));
    }

    [Fact]
    public async Task A_server_via_a_broker_registers_with_the_next_broker_on_the_same_endpoint_when_the_first_sends_DISCONNECT()
    {
        var endpoint = Loopback.FreeEndpoint();
        var first = new ZmqBroker(endpoint).Started();
        await using var server = new ShapesServer(new Shapes(), endpoint, AsWorker).Started();
        await using (var client = new ShapesClient(endpoint, new ZmqClientOptions { ViaBroker = true }))
        {
            Assert.Equal("before", await client.Echo("before").Bound());
        }

        await first.DisposeAsync().Bound();
        await using var second = new ZmqBroker(endpoint).Started();
        await using var again = new ShapesClient(endpoint, new ZmqClientOptions { ViaBroker = true });

        Assert.Equal("after", await again.Echo("after").Bound());
    }

    [Fact]
    public async Task A_server_via_a_broker_that_falls_silent_registers_again_on_a_new_connection_after_the_heartbeat_liveness()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var server = new ShapesServer(new Shapes(), $"tcp://127.0.0.1:{port}", AsWorker with { HeartbeatInterval = TimeSpan.FromMilliseconds(100) }).Started();
        var first = router.ReceiveFrames();
        Assert.Equal(Ready, first[3]);

        // This broker never answers: after three intervals of silence the server connects again and sends READY there.
        var again = router.ReceiveSkippingHeartbeatsFromWorker();
        Assert.Equal([[], Worker, Ready, RawPeer.Utf8("Shapes")], again.GetRange(1, 4));
        Assert.NotEqual(first[0], again[0]);
    }

    [Fact]
    public async Task A_server_via_a_broker_that_registered_anew_while_a_handler_ran_logs_the_reply_it_drops_with_its_operation()
    {
        var log = new Pipeline.ListLogger();
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        var ledger = new Ledger(balance: 1, stuck: true);
        await using var server = new LedgerServer(ledger, $"tcp://127.0.0.1:{port}", AsWorker with { Logger = log }).Started();
        var ready = router.ReceiveFrames();
        Assert.Equal(Ready, ready[3]);

        router.SendFrames(ready[0], [], Worker, Request, RawPeer.Utf8("client-7"), [], RawPeer.Utf8("Deposit"), MessagePackSerializer.Serialize("alice"), MessagePackSerializer.Serialize(10L));
        await ledger.Gate.Entered().Bound();
        router.SendFrames(ready[0], [], Worker, Disconnect);
        var again = router.ReceiveSkippingHeartbeatsFromWorker();
        Assert.Equal([[], Worker, Ready], again.GetRange(1, 3));

        // The deposit ran, and its reply has no connection to go back over: dropped, and said so.
        ledger.Gate.Open();
        await log.Logged("dropped the reply to Deposit").Bound();
        var dropped = Assert.Single(log.Entries, entry => entry.Id.Id == 314);
        Assert.Equal(LogLevel.Warning, dropped.Level);
        Assert.Contains($"Ledger server: dropped the reply to Deposit: its request came over an earlier connection to the broker at tcp://127.0.0.1:{port}", dropped.Message);
    }

    /// <summary>RFC 7's reference broker heartbeats only the workers waiting for a request: one busy with a request hears nothing.</summary>
    [Fact]
    public async Task A_server_via_a_broker_that_does_not_heartbeat_busy_workers_keeps_its_connection_while_a_handler_runs_and_replies_over_it()
    {
        using var router = new RouterSocket();
        var port = router.BindRandomPort("tcp://127.0.0.1");
        var ledger = new Ledger(balance: 1, stuck: true);
        await using var server = new LedgerServer(ledger, $"tcp://127.0.0.1:{port}", AsWorker with { HeartbeatInterval = TimeSpan.FromSeconds(1) }).Started();
        var ready = router.ReceiveFrames();
        Assert.Equal(Ready, ready[3]);

        // Within a liveness period (3 s) of the READY, or the idle server would rightly register again.
        router.SendFrames(ready[0], [], Worker, Request, RawPeer.Utf8("client-7"), [], RawPeer.Utf8("Deposit"), MessagePackSerializer.Serialize("alice"), MessagePackSerializer.Serialize(10L));
        await ledger.Gate.Entered().Bound();

        // The server's own heartbeats are the clock: five are more than a liveness period of silence.
        for (var i = 0; i < 5; i++)
        {
            var heard = router.ReceiveFrames();
            Assert.Equal(ready[0], heard[0]);
            Assert.Equal([[], Worker, Heartbeat], heard.GetRange(1, 3));
        }

        ledger.Gate.Open();
        var reply = router.ReceiveSkippingHeartbeatsFromWorker();
        Assert.Equal(ready[0], reply[0]);
        Assert.Equal([[], Worker, Reply, RawPeer.Utf8("client-7"), []], reply.GetRange(1, 5));
        Assert.Equal(11L, MessagePackSerializer.Deserialize<long>(reply[6]));
    }

    [Fact]
    public async Task An_idempotent_call_whose_worker_hangs_is_sent_again_and_answered_by_another_worker()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        var hung = new Ledger(balance: 1, stuck: true);
        await using var hanging = new LedgerServer(hung, broker.Endpoint, AsWorker with { DrainTimeout = TimeSpan.FromMilliseconds(1) }).Started();
        await using var client = new LedgerClient(broker.Endpoint, Retrying);

        var balance = client.Balance("alice");
        await hung.Gate.Entered().Bound();
        var healthy = new Ledger(balance: 2);
        await using var other = new LedgerServer(healthy, broker.Endpoint, AsWorker).Started();

        Assert.Equal(2, await balance.Bound());
        Assert.Equal(1, hung.Balances);
        hung.Gate.Open();
    }

    [Fact]
    public async Task A_worker_that_hangs_costs_its_idempotent_call_a_retry_and_nothing_more_so_another_workers_reply_still_reaches_the_client()
    {
        var requestTimeout = TimeSpan.FromSeconds(3);
        var time = new FakeTimeProvider();
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        var hung = new Ledger(balance: 1, stuck: true);
        await using var hanging = new LedgerServer(hung, broker.Endpoint, AsWorker with { DrainTimeout = TimeSpan.FromMilliseconds(1) }).Started();
        await using var client = new LedgerClient(broker.Endpoint, Retrying with { RequestTimeout = requestTimeout, TimeProvider = time });
        var balance = client.Balance("alice");
        await hung.Gate.Entered().Bound();
        var held = new Ledger(balance: 2, stuck: true);
        await using var healthy = new LedgerServer(held, broker.Endpoint, AsWorker).Started();

        // Half a request timeout after the balance, on the client's clock, so that the deposit's own timeout is still half
        // a request timeout away when the balance's runs out, on a clock that moves no further.
        time.Advance(requestTimeout / 2);
        var deposit = client.Deposit("alice", 10);
        await held.Gate.Entered().Bound();

        // The balance's retry goes to a third worker, and is answered, before the deposit is.
        await using var spare = new LedgerServer(new Ledger(balance: 3), broker.Endpoint, AsWorker).Started();
        time.Advance(requestTimeout / 2);

        // The retry's backoff (10 ms at most), and the client's deadline timer's next tick (100 ms at most).
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, await balance.Bound());
        held.Gate.Open();

        Assert.Equal(12, await deposit.Bound());
        Assert.Equal(1, held.Deposits);
        hung.Gate.Open();
    }

    [Fact]
    public async Task A_call_that_is_not_idempotent_fails_clearly_when_its_worker_dies_and_never_runs_twice()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        var dying = new Ledger(balance: 1, stuck: true);
        var doomed = new LedgerServer(dying, broker.Endpoint, AsWorker with { DrainTimeout = TimeSpan.FromMilliseconds(1) }).Started();
        await using var client = new LedgerClient(broker.Endpoint, Retrying);

        var deposit = client.Deposit("alice", 10);
        await dying.Gate.Entered().Bound();
        await doomed.DisposeAsync().Bound();
        var survivor = new Ledger(balance: 2);
        await using var other = new LedgerServer(survivor, broker.Endpoint, AsWorker).Started();
        Assert.Equal(2, await client.Balance("alice").Bound());

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => deposit.Bound());
        Assert.Contains("Ledger.Deposit", failure.Message);
        Assert.Contains($"no reply from service Ledger through the broker at {broker.Endpoint}", failure.Message);
        Assert.Contains("not [Idempotent], so it was not sent again", failure.Message);
        Assert.Equal(1, dying.Deposits);
        Assert.Equal(0, survivor.Deposits);
        dying.Gate.Open();
    }

    [Fact]
    public async Task A_call_whose_worker_is_lost_while_it_runs_fails_at_once_as_worker_lost_not_after_its_request_timeout()
    {
        // No expiry in the test's time: the heartbeat that cannot be sent is what finds the worker gone.
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100), HeartbeatLiveness = 1000 }).Started();
        await using var client = new LedgerClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true, RequestTimeout = TimeSpan.FromMinutes(5) });

        Task<long> deposit;
        using (var lost = ReadyWorker(broker.Endpoint, "Ledger"))
        {
            deposit = client.Deposit("alice", 10);
            Assert.Equal("Deposit", Encoding.UTF8.GetString(lost.ReceiveSkippingHeartbeats()[5]));
        }

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => deposit.Bound());
        Assert.Equal(ZmqErrorCode.WorkerLost, failure.Code);
        Assert.Contains("its connection is gone: a Heartbeat could not be sent to it), so it may have run", failure.Message);
        Assert.Contains("Deposit is not [Idempotent], so it was not sent again", failure.Message);
    }

    [Fact]
    public async Task An_idempotent_call_whose_worker_is_lost_while_it_runs_goes_to_another_worker_at_once()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100), HeartbeatLiveness = 1000 }).Started();
        var logger = new ListLogger();
        await using var client = new LedgerClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true, RequestTimeout = TimeSpan.FromMinutes(5), RetryBackoff = TimeSpan.FromMilliseconds(10), Logger = logger });

        Task<long> balance;
        var healthy = new Ledger(balance: 2);
        using (var lost = ReadyWorker(broker.Endpoint, "Ledger"))
        {
            balance = client.Balance("alice");
            Assert.Equal("Balance", Encoding.UTF8.GetString(lost.ReceiveSkippingHeartbeats()[5]));
        }

        await logger.Logged($"service Ledger through the broker at {broker.Endpoint} answered at attempt 1 of Balance (the worker handling it is gone").Bound();
        await using var other = new LedgerServer(healthy, broker.Endpoint, AsWorker).Started();
        Assert.Equal(2, await balance.Bound());
        Assert.Equal(1, healthy.Balances);
    }

    private static ZmqClientOptions Retrying => new()
    {
        ViaBroker = true,
        RequestTimeout = TimeSpan.FromMilliseconds(500),
        MaxAttempts = 100,
        RetryBackoff = TimeSpan.FromMilliseconds(10),
        CallTimeout = Within.Timeout,
    };
}
