using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using Microsoft.Extensions.Time.Testing;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>How a call ends when no reply comes: timeout, cancellation, disposal — and that it leaves nothing behind.</summary>
public class CallLifetimeTests
{
    [Fact]
    public async Task A_timed_out_call_throws_TimeoutException_leaves_no_pending_state_and_drops_the_late_reply()
    {
        await using var served = ServedShapes.Start();
        await using var client = new ReplyClient("Shapes", served.Server.Endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) }, ZmqSerializers.MessagePack);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => client.CallAsync<int>(client.NewRequest(new RequestOperation("Wait")).Argument(1), CancellationToken.None).Bound());

        Assert.Contains("Shapes.Wait", timeout.Message);
        Assert.Contains(served.Server.Endpoint, timeout.Message);
        Assert.EndsWith("Wait is not [Idempotent], so it was not sent again: the server may have run it.", timeout.Message);
        Assert.Equal(0, client.PendingCalls);

        // The late reply arrives and is dropped; the connection goes on serving new calls (retried: the timeout is short).
        served.Implementation.Open();
        Assert.Equal("next", await client.CallAsync<string>(client.NewRequest(new RequestOperation("Echo", idempotent: true)).Argument("next"), CancellationToken.None).Bound());
        Assert.Equal(0, client.PendingCalls);
    }

    [Fact]
    public async Task A_cancelled_call_throws_OperationCanceledException_and_leaves_no_pending_state()
    {
        await using var served = ServedShapes.Start();
        await using var client = new ReplyClient("Shapes", served.Server.Endpoint, null, ZmqSerializers.MessagePack);
        using var cancellation = new CancellationTokenSource();

        var call = client.CallAsync<int>(client.NewRequest(new RequestOperation("Wait")).Argument(1), cancellation.Token);
        await served.Implementation.Entered().Bound();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Bound());
        Assert.Equal(0, client.PendingCalls);
        Assert.Equal("next", await client.CallAsync<string>(client.NewRequest(new RequestOperation("Echo")).Argument("next"), CancellationToken.None).Bound());
    }

    [Fact]
    public async Task Calls_cancelled_from_another_thread_as_they_start_end_cancelled_and_leave_no_pending_state()
    {
        // Each cancellation lands at a moment drawn anew in the few microseconds of its call's start: before, inside or
        // after the call's registration. Nothing outside the client can hold a thread inside that window, so many calls
        // make the rare one; the server never answers, so no reply can remove what a call left behind.
        const int Calls = 5_000;
        using var silent = new RouterSocket();
        silent.Options.ReceiveHighWatermark = 0;
        var endpoint = $"tcp://127.0.0.1:{silent.BindRandomPort("tcp://127.0.0.1")}";
        await using var client = new ReplyClient("Shapes", endpoint, new ZmqClientOptions { SendHighWatermark = 0 }, ZmqSerializers.MessagePack);
        var cancellations = new CancellationTokenSource[Calls + 1];
        var started = 0;
        var random = new Random(7);
        var spins = Enumerable.Range(0, Calls + 1).Select(_ => random.Next(20)).ToArray();
        var canceller = Task.Factory.StartNew(
            () =>
            {
                for (var call = 1; call <= Calls; call++)
                {
                    // A hot spin, bounded: SpinWait.SpinUntil would sleep, and wake long after the call has started.
                    var waiting = Stopwatch.StartNew();
                    while (Volatile.Read(ref started) < call)
                    {
                        Assert.True(waiting.Elapsed < Within.Timeout, $"call {call} never started");
                    }

                    Thread.SpinWait(spins[call]);
                    cancellations[call].Cancel();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        for (var call = 1; call <= Calls; call++)
        {
            using var cancellation = cancellations[call] = new CancellationTokenSource();
            var request = client.NewRequest(new RequestOperation("Wait")).Argument(call);
            Volatile.Write(ref started, call);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CallAsync<int>(request, cancellation.Token).Bound());
        }

        await canceller.Bound();
        Assert.Equal(0, client.PendingCalls);
    }

    [Fact]
    public async Task A_call_with_an_already_cancelled_token_is_not_sent()
    {
        await using var served = ServedShapes.Start();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => served.Client.Add(new Operands(1, 2), new CancellationToken(canceled: true)).Bound());
    }

    [Fact]
    public async Task Disposing_a_client_ends_its_calls_in_flight_with_ObjectDisposedException()
    {
        await using var served = ServedShapes.Start();
        var client = new ShapesClient(served.Server.Endpoint);
        var calls = new[] { client.Wait(1, CancellationToken.None), client.Wait(2, CancellationToken.None) };
        await served.Implementation.Entered(2).Bound();

        await client.DisposeAsync().Bound();

        foreach (var call in calls)
        {
            var disposed = await Assert.ThrowsAsync<ObjectDisposedException>(() => call.Bound());
            Assert.Contains("Wait", disposed.Message);
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Ping().Bound());
    }

    [Fact]
    public async Task A_call_without_a_request_timeout_ends_when_its_call_timeout_runs_out()
    {
        await using var served = ServedShapes.Start();
        await using var client = new ShapesClient(served.Server.Endpoint, new ZmqClientOptions
        {
            RequestTimeout = Timeout.InfiniteTimeSpan,
            CallTimeout = TimeSpan.FromMilliseconds(300),
        });

        var call = client.Wait(1, CancellationToken.None);
        await served.Implementation.Entered().Bound();

        Assert.Contains("Shapes.Wait", (await Assert.ThrowsAsync<TimeoutException>(() => call.Bound())).Message);
    }

    [Fact]
    public async Task A_client_whose_server_never_answers_times_out_and_disposes_promptly()
    {
        var client = new ShapesClient("tcp://127.0.0.1:1", new ZmqClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        await Assert.ThrowsAsync<TimeoutException>(() => client.Ping().Bound());
        await client.DisposeAsync().Bound();
    }

    [Fact]
    public async Task A_call_that_timed_out_without_a_connection_says_the_server_never_got_it()
    {
        await using var client = new ShapesClient("tcp://127.0.0.1:1", new ZmqClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => client.Ping().Bound());

        Assert.Contains("No connection to tcp://127.0.0.1:1 was made meanwhile, so the server never got the request", timeout.Message);
        Assert.DoesNotContain("may have run it", timeout.Message);
    }

    [Fact]
    public async Task A_call_whose_connections_were_closed_after_the_server_got_it_says_the_server_may_have_run_it()
    {
        await using var served = ServedShapes.Start();
        using var proxy = new FreezableProxy(served.Server.Endpoint);
        var log = new Pipeline.ListLogger();
        await using var client = new ShapesClient(proxy.Endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(3), Logger = log });
        var call = client.Wait(1, default);

        // The server runs the call; its connection is closed before the reply, and so is the next one: two connections
        // lost before anything came through them, as a failed handshake's are.
        await served.Implementation.Entered().Bound();
        await proxy.NextAcceptedAsync().Bound();
        proxy.DropConnections();
        await proxy.NextAcceptedAsync().Bound();
        proxy.DropConnections();
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call.Bound());

        Assert.EndsWith(" or when connections are reset after the request went out.", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("Wait is not [Idempotent], so it was not sent again: the server may have run it.", timeout.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("never got the request", timeout.Message, StringComparison.Ordinal);
        Assert.Contains(log.Entries, entry => entry.Message.Contains("as when the ZeroMQ handshake fails", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, entry => entry.Message.Contains("CURVE", StringComparison.Ordinal));
        Assert.DoesNotContain("CURVE", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_that_timed_out_before_any_connection_was_made_are_never_sent_and_a_call_still_waiting_goes_out_when_the_server_comes()
    {
        var endpoint = Loopback.FreeEndpoint();
        var requestTimeout = TimeSpan.FromSeconds(3);
        var time = new FakeTimeProvider();
        await using var client = new LedgerClient(endpoint, new ZmqClientOptions { RequestTimeout = requestTimeout, TimeProvider = time });
        var early = Enumerable.Range(0, 100).Select(i => client.Deposit($"early {i}", i)).ToList();

        // Half a request timeout later on the client's clock, so that this call's request waits beside theirs when they
        // time out, and its own timeout is still half a request timeout away, on a clock that moves no further.
        time.Advance(requestTimeout / 2);
        var waiting = client.Deposit("waiting", 1);
        time.Advance(requestTimeout / 2);
        foreach (var call in early)
        {
            Assert.Contains("so the server never got the request", (await Assert.ThrowsAsync<TimeoutException>(() => call.Bound())).Message);
        }

        using var server = new RouterSocket();
        server.Bind(endpoint);

        // One connection delivers in order: a request of the calls that timed out would come first.
        var first = server.ReceiveFrames();
        Assert.Equal("waiting", MessagePackSerializer.Deserialize<string>(first[4]));
        server.SendFrames(first[0], first[1], [], MessagePackSerializer.Serialize(2L));
        Assert.Equal(2, await waiting.Bound());
    }
}
