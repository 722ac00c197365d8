using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using Microsoft.Extensions.Logging;
using MessagePack.Resolvers;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>Peers that are not a generated client: raw DEALER and REQ sockets, and a ROUTER/DEALER proxy.</summary>
public class PeerTests
{
    private static readonly MessagePackSerializerOptions Contractless = MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance);

    [Fact]
    public async Task Junk_from_a_raw_peer_gets_error_replies_and_the_server_goes_on_serving()
    {
        await using var served = ServedShapes.Start();
        using var dealer = new DealerSocket(served.Server.Endpoint);
        var correlation = new byte[] { 9, 9, 9, 9 };
        var randomBytes = new byte[1024 * 1024];
        new Random(7).NextBytes(randomBytes);

        // No delimiter: there is no envelope to answer, so the server drops it (and must not stop).
        dealer.SendFrames(Utf8("no delimiter at all"));
        // An empty body, an unknown operation, a truncated payload, one megabyte of random bytes.
        var junk = new (byte[][] Body, string Code)[]
        {
            ([], "bad-request"),
            ([Utf8("Divide"), [1]], "unknown-operation"),
            ([Utf8("Add"), MessagePackSerializer.Serialize(new Operands(2, 3), Contractless)[..4]], "bad-request"),
            ([Utf8("Sum"), MessagePackSerializer.Serialize(1, Contractless)], "bad-request"),
            ([randomBytes], "unknown-operation"),
            ([[0xff, 0xfe, 0xfd], randomBytes], "unknown-operation"),
        };
        foreach (var (body, code) in junk)
        {
            dealer.SendFrames([correlation, [], .. body]);
            var reply = dealer.ReceiveFrames();
            Assert.Equal(correlation, reply[0]);
            Assert.Empty(reply[1]);
            Assert.Equal(code, ErrorCode(reply[2..]));
        }

        Assert.Equal(new Sum(5), await served.Client.Add(new Operands(2, 3)).Bound());
    }

    [Fact]
    public async Task An_unknown_operation_whose_name_JSON_escapes_is_refused_in_an_error_reply_within_MaxMessageSize_its_control_characters_shown_as_question_marks()
    {
        // A peer with the same limit drops the connection for a longer frame, the refusal with it.
        await using var served = ServedShapes.Start(new ZmqServerOptions { MaxMessageSize = 256 }, new ZmqClientOptions { MaxMessageSize = 256 });
        using var dealer = new DealerSocket();
        dealer.Options.MaxMsgSize = 256;
        dealer.Connect(served.Server.Endpoint);

        foreach (var name in new[] { string.Concat(Enumerable.Repeat("é", 32)), new string('\u0001', 64), "Add\nforged log line" })
        {
            dealer.SendFrames([9], [], Utf8(name), [1]);
            var reply = dealer.ReceiveFrames();
            Assert.Equal("unknown-operation", ErrorCode(reply[2..]));
            Assert.InRange(reply[3].Length, 1, 256);

            // Logged as sent: a control character of the name, such as a line break, cannot break the log line.
            using var error = System.Text.Json.JsonDocument.Parse(reply[3]);
            Assert.DoesNotContain(error.RootElement.GetProperty("message").GetString()!, char.IsControl);
        }

        Assert.Equal(new Sum(5), await served.Client.Add(new Operands(2, 3)).Bound());
    }

    [Fact]
    public async Task A_nil_argument_for_a_parameter_the_contract_declares_not_nullable_is_a_bad_request_that_runs_no_handler()
    {
        var log = new Pipeline.ListLogger();
        await using var served = ServedShapes.Start(new ZmqServerOptions { Logger = log });
        using var dealer = new DealerSocket(served.Server.Endpoint);
        var correlation = new byte[] { 7, 7, 7, 7 };
        byte[] nil = [0xc0];

        // Add(Operands) would throw on a null; Echo(string) would return it; Maybe(string?) takes it.
        foreach (var operation in new[] { "Add", "Echo" })
        {
            dealer.SendFrames(correlation, [], Utf8(operation), nil);
            Assert.Equal("bad-request", ErrorCode(dealer.ReceiveFrames()[2..]));
        }

        dealer.SendFrames(correlation, [], Utf8("Maybe"), nil);
        Assert.Equal(nil, Assert.Single(dealer.ReceiveFrames()[2..]));

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Add(null!).Bound());
        Assert.Equal(ZmqErrorCode.BadRequest, failure.Code);
        Assert.EndsWith(
            "argument 0 of Add: the msgpack serializer read null, and the contract declares ZmqContracts.Tests.RequestReply.Operands not nullable",
            failure.Message);
        Assert.DoesNotContain(log.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_nil_reply_for_a_result_the_contract_declares_not_nullable_fails_the_call_and_a_nullable_one_reads_as_null()
    {
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        await using var client = new ShapesClient($"tcp://127.0.0.1:{port}");
        byte[] nil = [0xc0];

        var echo = client.Echo("text");
        var request = server.ReceiveFrames();
        server.SendFrames(request[0], request[1], [], nil);
        var failure = await Assert.ThrowsAsync<ZmqPayloadException>(() => echo.Bound());
        Assert.Equal("reply of Shapes.Echo: the msgpack serializer read null, and the contract declares System.String not nullable", failure.Message);

        var maybe = client.Maybe("text");
        request = server.ReceiveFrames();
        server.SendFrames(request[0], request[1], [], nil);
        Assert.Null(await maybe.Bound());
    }

    [Fact]
    public async Task A_peer_that_sends_the_same_bad_request_over_and_over_gets_each_refused_but_floods_no_log()
    {
        const int Requests = 50;
        var log = new Pipeline.ListLogger();
        var served = ServedShapes.Start(new ZmqServerOptions { Logger = log });
        using var dealer = new DealerSocket(served.Server.Endpoint);
        for (var request = 0; request < Requests; request++)
        {
            // One that cannot be answered, without an envelope delimiter, then one that can.
            dealer.SendFrames(Utf8("Divide"), [1]);
            dealer.SendFrames([], Utf8("Divide"), [1]);
            Assert.Equal("unknown-operation", ErrorCode(dealer.ReceiveFrames()[1..]));
        }

        // The first of each kind is logged with its details; the rest are counted, and logged as one line each when the server closes.
        Assert.Single(log.Values(3, "FrameCount"));
        Assert.Single(log.Values(4, "Reason"));
        Assert.Empty(log.Values(24, "Count"));
        await served.DisposeAsync();
        Assert.Equal([(long)Requests - 1, (long)Requests - 1], log.Values(24, "Count"));
    }

    [Fact]
    public async Task A_reply_whose_caller_is_gone_is_dropped_with_a_debug_line_not_a_warning()
    {
        // ZeroMQ tells the server that a caller is gone only once it has handled the connection's end, which no signal
        // shows: a reply sent before that goes down the closing connection, unlogged, and the round is tried again.
        const int Rounds = 5;
        for (var round = 1; ; round++)
        {
            var log = new Pipeline.ListLogger();
            await using var served = ServedShapes.Start(new ZmqServerOptions { Logger = log });
            var caller = new ShapesClient(served.Server.Endpoint);
            var call = caller.Wait(1, CancellationToken.None);
            await served.Implementation.Entered();
            await caller.DisposeAsync();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => call.Bound());
            Assert.Equal("after", await served.Client.Echo("after").Bound());
            served.Implementation.Open();

            if (await log.Logged("caller is gone").WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(logged => logged.IsCompletedSuccessfully))
            {
                Assert.Equal(LogLevel.Debug, Assert.Single(log.Entries, entry => entry.Id.Id == 25).Level);
                Assert.Empty(log.Values(6, "Contract"));
                return;
            }

            Assert.True(round < Rounds, $"in none of {Rounds} rounds did the server reply after it had seen its caller go");
            Assert.Empty(log.Values(6, "Contract"));
        }
    }

    [Fact]
    public async Task A_malformed_reply_to_a_call_in_flight_fails_that_call_at_once_saying_so_and_the_next_call_is_answered()
    {
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        await using var client = new LedgerClient($"tcp://127.0.0.1:{port}", new ZmqClientOptions { RequestTimeout = TimeSpan.FromMinutes(5) });

        var malformed = client.Deposit("alice", 1);
        var request = server.ReceiveFrames();
        server.SendFrames(request[0], request[1], []);
        var failure = await Assert.ThrowsAsync<ZmqPayloadException>(() => malformed.Bound());

        Assert.Contains("Ledger.Deposit", failure.Message);
        Assert.Contains("sent a malformed reply: 2 frames", failure.Message);
        var answered = client.Deposit("alice", 2);
        request = server.ReceiveFrames();
        server.SendFrames(request[0], request[1], [], MessagePackSerializer.Serialize(3L));
        Assert.Equal(3, await answered.Bound());
    }

    [Fact]
    public async Task Malformed_replies_that_name_no_call_are_logged_once_then_counted_and_the_call_is_answered()
    {
        const int Malformed = 5;
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        var log = new Pipeline.ListLogger();
        var client = new LedgerClient($"tcp://127.0.0.1:{port}", new ZmqClientOptions { RequestTimeout = TimeSpan.FromMinutes(5), Logger = log });
        await using (client)
        {
            var call = client.Deposit("alice", 1);
            var request = server.ReceiveFrames();
            for (var sent = 0; sent < Malformed; sent++)
            {
                server.SendFrames(request[0], Utf8("not a"), Utf8("reply"));
            }

            // Read after the malformed ones, which came first on the same connection.
            server.SendFrames(request[0], request[1], [], MessagePackSerializer.Serialize(3L));
            Assert.Equal(3, await call.Bound());
        }

        var first = Assert.Single(log.Entries, entry => entry.Id.Id == 1);
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Contains($"Ledger client: dropped a malformed reply of 2 frames from tcp://127.0.0.1:{port}", first.Message);
        Assert.Equal(Malformed - 1, log.Values(16, "Count").Sum(count => (long)count!));
        Assert.All(log.Entries.Where(entry => entry.Id.Id == 16), entry => Assert.Contains($"more malformed replies from tcp://127.0.0.1:{port} were dropped", entry.Message));
    }

    [Fact]
    public async Task A_REQ_peer_calls_an_operation_by_name_and_gets_the_bare_payload_back()
    {
        await using var served = ServedShapes.Start();
        using var request = new RequestSocket(served.Server.Endpoint);

        request.SendFrames(Utf8("Add"), MessagePackSerializer.Serialize(new Operands(20, 22), Contractless));
        var reply = request.ReceiveFrames();

        Assert.Single(reply);
        Assert.Equal(new Sum(42), MessagePackSerializer.Deserialize<Sum>(reply[0], Contractless));
    }

    [Fact]
    public async Task A_one_frame_request_calls_the_only_operation_of_a_one_operation_contract()
    {
        await using var server = new GreeterServer(new Greeter(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(MessagePackSerializer.Serialize("pyzmq", Contractless));

        Assert.Equal("Hello, pyzmq", MessagePackSerializer.Deserialize<string>(request.ReceiveFrames().Single(), Contractless));
        await using var client = new GreeterClient(server.Endpoint);
        Assert.Equal("Hello, typed", await client.Greet("typed").Bound());
    }

    [Fact]
    public async Task Calls_route_through_a_ROUTER_DEALER_proxy_with_many_in_flight()
    {
        await using var served = ServedShapes.Start();
        using var frontend = new RouterSocket();
        using var backend = new DealerSocket();
        var proxyEndpoint = $"tcp://127.0.0.1:{frontend.BindRandomPort("tcp://127.0.0.1")}";
        backend.Connect(served.Server.Endpoint);
        using var poller = new NetMQPoller { frontend, backend };
        var proxy = new Proxy(frontend, backend, poller: poller);
        proxy.Start();
        poller.RunAsync();
        try
        {
            await using var client = new ShapesClient(proxyEndpoint);
            var blocked = client.Wait(1, CancellationToken.None);
            await served.Implementation.Entered().Bound();

            var echoes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.Echo($"via proxy {i}"))).Bound();

            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"via proxy {i}"), echoes);
            served.Implementation.Open();
            Assert.Equal(1, await blocked.Bound());
        }
        finally
        {
            poller.Stop();
        }
    }
}
