using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.RequestReply;

public class ServerLifetimeTests
{
    [Fact]
    public async Task Start_binds_a_free_port_reports_the_bound_endpoint_and_does_nothing_more_when_called_again()
    {
        await using var server = new ShapesServer(new Shapes(), Loopback.AnyPort);
        Assert.Equal(Loopback.AnyPort, server.Endpoint);

        server.Start();
        var bound = server.Endpoint;
        server.Start();

        Assert.Matches(@"^tcp://127\.0\.0\.1:\d+$", bound);
        Assert.Equal(bound, server.Endpoint);
    }

    [IPv6Fact]
    public async Task A_server_bound_on_the_IPv6_loopback_reports_an_endpoint_that_a_client_reaches()
    {
        await using var server = new ShapesServer(new Shapes(), IPv6Loopback.AnyPort);
        server.Start();
        Assert.Matches(@"^tcp://\[::1\]:\d+$", server.Endpoint);

        await using var client = new ShapesClient(server.Endpoint);
        Assert.Equal("over IPv6", await client.Echo("over IPv6").Bound());
    }

    [Fact]
    public async Task Binding_an_interface_name_fails_saying_that_NetMQ_needs_its_address()
    {
        await using var server = new ShapesServer(new Shapes(), "tcp://lo:*");

        var failure = Assert.Throws<ZmqException>(server.Start);

        Assert.Contains("The ShapesServer cannot bind tcp://lo:*: its host does not resolve", failure.Message);
        Assert.Contains("NetMQ takes no network interface's name (such as lo or eth0), so write the interface's address (127.0.0.1 for lo)", failure.Message);
    }

    [Fact]
    public async Task Binding_a_port_in_use_fails_with_a_ZmqException_naming_the_endpoint()
    {
        await using var first = new ShapesServer(new Shapes(), Loopback.AnyPort);
        first.Start();
        await using var second = new ShapesServer(new Shapes(), first.Endpoint);

        var failure = Assert.Throws<ZmqException>(second.Start);

        Assert.Contains(first.Endpoint, failure.Message);
    }

    [Fact]
    public async Task RunAsync_serves_until_cancelled_then_shuts_down()
    {
        var server = new ShapesServer(new Shapes(), Loopback.AnyPort);
        server.Start();
        using var stop = new CancellationTokenSource();
        var running = server.RunAsync(stop.Token);
        await using (var client = new ShapesClient(server.Endpoint))
        {
            Assert.Equal(3, await client.Sum(1, 1, 1).Bound());
        }

        Assert.False(running.IsCompleted);
        stop.Cancel();
        await running.Bound();
        Assert.Throws<ObjectDisposedException>(server.Start);
    }

    [Fact]
    public async Task Dispose_lets_a_call_in_flight_finish_and_deliver_its_reply()
    {
        var served = ServedShapes.Start();
        var call = served.Client.Wait(7, CancellationToken.None);
        await served.Implementation.Entered().Bound();

        var disposing = served.Server.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);
        served.Implementation.Open();

        Assert.Equal(7, await call.Bound());
        await disposing.Bound();
        await served.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_handler_that_awaits_its_own_servers_dispose_replies_and_the_server_then_closes(bool handleOnSocketThread)
    {
        // A drain timeout longer than the test's bound: a dispose that waited for the handler awaiting it would show.
        var implementation = new ClosingGreeter();
        var server = new GreeterServer(implementation, Loopback.AnyPort, new ZmqServerOptions { DrainTimeout = 4 * Within.Timeout, HandleOnSocketThread = handleOnSocketThread });
        implementation.Server = server;
        server.Start();
        await using var client = new GreeterClient(server.Endpoint);

        Assert.Equal("Goodbye, Ada", await client.Greet("Ada").Bound());

        await server.DisposeAsync().Bound();
        await using var successor = new GreeterServer(new Greeter(), server.Endpoint);
        successor.Start();
    }

    [Fact]
    public async Task Dispose_cancels_handlers_that_outlive_the_drain_timeout_their_callers_learn_the_call_may_have_run_and_queued_calls_that_it_did_not()
    {
        var served = ServedShapes.Start(new ZmqServerOptions { MaxConcurrency = 1, MaxQueuedRequests = 1, DrainTimeout = TimeSpan.FromMilliseconds(200) });
        var started = served.Client.Wait(7, CancellationToken.None);
        await served.Implementation.Entered().Bound();
        var queued = served.Client.Echo("queued");
        // Refused because the queue is full: the call before it is in the queue.
        Assert.Equal(ZmqErrorCode.Unavailable, (await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Echo("refused").Bound())).Code);

        await served.Server.DisposeAsync().Bound();

        var interrupted = await Assert.ThrowsAsync<ZmqRemoteException>(() => started.Bound());
        Assert.Equal(ZmqErrorCode.Interrupted, interrupted.Code);
        Assert.Contains("cut the call short after 1 try: the server shut down while the handler ran: the call may have run", interrupted.Message, StringComparison.Ordinal);
        Assert.Equal(1, served.Implementation.WaitCancellations);
        var unavailable = await Assert.ThrowsAsync<ZmqRemoteException>(() => queued.Bound());
        Assert.Equal(ZmqErrorCode.Unavailable, unavailable.Code);
        Assert.Contains("the server is shutting down", unavailable.Message, StringComparison.Ordinal);
        await served.DisposeAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_call_that_arrives_while_the_server_drains_is_answered_unavailable_at_once(bool handleOnSocketThread)
    {
        var served = ServedShapes.Start(
            new ZmqServerOptions { HandleOnSocketThread = handleOnSocketThread, DrainTimeout = TimeSpan.FromSeconds(20) },
            new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        var running = served.Client.Wait(7, CancellationToken.None);
        await served.Implementation.Entered().Bound();
        var disposing = served.Server.DisposeAsync().AsTask();

        // Left unread, it used to wait out its RequestTimeout; answered, the caller can go elsewhere at once.
        var refusal = await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Echo("late").Bound());

        Assert.Equal(ZmqErrorCode.Unavailable, refusal.Code);
        Assert.False(disposing.IsCompleted);
        served.Implementation.Open();
        Assert.Equal(7, await running.Bound());
        await disposing.Bound();
        await served.DisposeAsync();
    }

    [Fact]
    public async Task Calls_waiting_in_ZeroMQs_queue_for_a_handler_on_the_socket_thread_are_answered_unavailable_when_the_server_stops()
    {
        var served = ServedShapes.Start(
            new ZmqServerOptions { HandleOnSocketThread = true, MaxConcurrency = 1, DrainTimeout = TimeSpan.FromSeconds(20) },
            new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(10) });
        var running = served.Client.Wait(7, CancellationToken.None);
        await served.Implementation.Entered().Bound();
        var waiting = new[] { served.Client.Echo("a"), served.Client.Echo("b"), served.Client.Echo("c") };

        var disposing = served.Server.DisposeAsync().AsTask();

        foreach (var call in waiting)
        {
            Assert.Equal(ZmqErrorCode.Unavailable, (await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound())).Code);
        }

        served.Implementation.Open();
        Assert.Equal(7, await running.Bound());
        await disposing.Bound();
        await served.DisposeAsync();
    }

    [Fact]
    public async Task A_call_ended_by_its_CallTimeout_names_that_limit()
    {
        await using var served = ServedShapes.Start(clientOptions: new ZmqClientOptions { CallTimeout = TimeSpan.FromMilliseconds(300), RequestTimeout = TimeSpan.FromSeconds(10) });

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => served.Client.Wait(1, CancellationToken.None).Bound());

        Assert.Contains("(CallTimeout 0.3 s)", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_queue_answers_unavailable_at_once_instead_of_dropping_the_request()
    {
        await using var served = ServedShapes.Start(new ZmqServerOptions { MaxConcurrency = 1, MaxQueuedRequests = 1 });
        var running = served.Client.Wait(1, CancellationToken.None);
        await served.Implementation.Entered().Bound();
        var queued = served.Client.Echo("queued");

        var refusal = await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Echo("refused").Bound());

        Assert.Equal(ZmqErrorCode.Unavailable, refusal.Code);
        served.Implementation.Open();
        Assert.Equal(1, await running.Bound());
        Assert.Equal("queued", await queued.Bound());
    }

    [Fact]
    public void Options_out_of_range_are_refused_with_the_option_named()
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => new ShapesServer(new Shapes(), Loopback.AnyPort, new ZmqServerOptions { MaxConcurrency = 0 }));
        Assert.Equal("MaxConcurrency", failure.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShapesClient("tcp://127.0.0.1:1", new ZmqClientOptions { RequestTimeout = TimeSpan.Zero }));
    }

    /// <summary>A greeter whose one call shuts its own server down, then answers.</summary>
    private sealed class ClosingGreeter : IGreeter
    {
        public GreeterServer? Server { get; set; }

        public async Task<string> Greet(string name)
        {
            await Server!.DisposeAsync();
            return $"Goodbye, {name}";
        }
    }
}
