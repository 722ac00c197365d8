using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>The Client span of a call and the Server span of its request: names, attributes, parentage and failures.</summary>
[Collection(nameof(Tracing))]
public class RequestReplySpanTests
{
    [Fact]
    public async Task A_call_is_a_Client_span_under_the_callers_span_and_the_parent_of_the_Server_span_its_handler_runs_in()
    {
        using var telemetry = new RecordedTelemetry();
        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);

        using var caller = new Activity("caller") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
        var seenByHandler = await client.Current("test").Bound();
        caller.Stop();

        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Current").Count == 2);
        var clientSpan = Single(spans, "Traced/Current", ActivityKind.Client);
        var serverSpan = Single(spans, "Traced/Current", ActivityKind.Server);
        Assert.Equal("Traced/Current", clientSpan.DisplayName);
        Assert.Equal(caller.SpanId, clientSpan.ParentSpanId);
        Assert.Equal(caller.TraceId, clientSpan.TraceId);
        Assert.Equal(clientSpan.TraceId, serverSpan.TraceId);
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        Assert.Equal($"Server {serverSpan.SpanId}", seenByHandler);

        var port = int.Parse(server.Endpoint[(server.Endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var span in new[] { clientSpan, serverSpan })
        {
            Assert.Equal("zeromq", span.GetTagItem("rpc.system.name"));
            Assert.Equal("Traced/Current", span.GetTagItem("rpc.method"));
            Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
            Assert.Equal(port, span.GetTagItem("server.port"));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(span.GetTagItem("error.type"));
        }
    }

    [Fact]
    public async Task A_call_leaves_the_callers_current_span_as_it_was_while_it_waits_and_after()
    {
        using var telemetry = new RecordedTelemetry();
        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);

        using var caller = new Activity("caller") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
        var call = client.Current("test");
        Assert.Same(caller, Activity.Current);
        await call.Bound();
        Assert.Same(caller, Activity.Current);
        caller.Stop();

        var clientSpan = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Current").Count == 2), "Traced/Current", ActivityKind.Client);
        Assert.Equal(caller.SpanId, clientSpan.ParentSpanId);
    }

    [Fact]
    public async Task A_request_without_a_trace_frame_is_a_root_Server_span_even_when_the_server_started_inside_a_span()
    {
        using var telemetry = new RecordedTelemetry();
        TracedServer server;
        using (new Activity("starts the server") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start())
        {
            server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        }

        await using (server)
        await using (var client = new TracedClient(server.Endpoint, new ZmqClientOptions { TraceContextFrame = ZmqTraceContextFrame.Never }))
        {
            await client.Current("test").Bound();
        }

        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Current").Count == 2);
        var clientSpan = Single(spans, "Traced/Current", ActivityKind.Client);
        var serverSpan = Single(spans, "Traced/Current", ActivityKind.Server);
        Assert.Equal(default, serverSpan.ParentSpanId);
        Assert.NotEqual(clientSpan.TraceId, serverSpan.TraceId);
    }

    /// <remarks>A handler's <see cref="TimeoutException"/> is its own failure, named as any other, not the client's <c>timeout</c>.</remarks>
    [Theory]
    [InlineData("Throw", typeof(InvalidOperationException))]
    [InlineData("TimeOut", typeof(TimeoutException))]
    public async Task A_handler_that_throws_fails_both_spans_the_server_naming_the_exception_and_the_client_the_error_code(string operation, Type thrown)
    {
        using var telemetry = new RecordedTelemetry();
        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);

        await Assert.ThrowsAsync<ZmqRemoteException>(() => (operation == "Throw" ? client.Throw("broken on purpose") : client.TimeOut("broken on purpose")).Bound());

        var name = $"Traced/{operation}";
        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, name).Count == 2);
        var clientSpan = Single(spans, name, ActivityKind.Client);
        var serverSpan = Single(spans, name, ActivityKind.Server);
        Assert.Equal(ActivityStatusCode.Error, clientSpan.Status);
        Assert.Equal("handler-failed", clientSpan.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, serverSpan.Status);
        Assert.Equal(thrown.FullName, serverSpan.GetTagItem("error.type"));
        Assert.Equal("broken on purpose", serverSpan.StatusDescription);
    }

    [Fact]
    public async Task A_call_that_times_out_fails_its_span_with_error_type_timeout()
    {
        using var telemetry = new RecordedTelemetry();
        using var silent = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{silent.BindRandomPort("tcp://127.0.0.1")}";
        await using var client = new TracedClient(endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(200) });

        await Assert.ThrowsAsync<TimeoutException>(() => client.Current("test").Bound());

        var span = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Current").Count == 1), "Traced/Current", ActivityKind.Client);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("timeout", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_cancelled_call_fails_its_span_with_the_cancellations_exception_type()
    {
        using var telemetry = new RecordedTelemetry();
        var traced = new Traced();
        await using var server = new TracedServer(traced, Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);
        using var cancellation = new CancellationTokenSource();

        var call = client.Hold(1, cancellation.Token);
        await traced.EnteredAsync(1);
        await cancellation.CancelAsync();
        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.Bound());
        traced.Open();

        var span = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Hold").Count == 2), "Traced/Hold", ActivityKind.Client);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(cancelled.GetType().FullName, span.GetTagItem("error.type"));
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5555", "127.0.0.1", 5555)]
    [InlineData("tcp://[::1]:5555", "::1", 5555)]
    [InlineData("tcp://prices.example:7000", "prices.example", 7000)]
    [InlineData("ipc:///tmp/pricing.sock", "/tmp/pricing.sock", null)]
    [InlineData("inproc://pricing", "pricing", null)]
    public void Server_address_and_port_come_from_the_endpoint_and_only_tcp_has_a_port(string endpoint, string address, int? port)
    {
        var server = ServerAddress.Of(endpoint);

        Assert.Equal(address, server.Address);
        Assert.Equal(port, (int?)server.Port);
    }

    [Fact]
    public async Task A_request_for_an_unknown_operation_is_a_failed_Server_span_with_the_conventions_method_for_it()
    {
        using var telemetry = new RecordedTelemetry();
        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        using var dealer = new DealerSocket(server.Endpoint);

        dealer.SendFrames([1], [], Utf8("Nope"), [1]);
        Assert.Equal("unknown-operation", ErrorCode(dealer.ReceiveFrames()[2..]));

        var span = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "_OTHER").Count == 1), "_OTHER", ActivityKind.Server);
        Assert.Equal("zeromq", span.DisplayName);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("unknown-operation", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_request_without_its_arguments_is_a_failed_Server_span_of_its_method_with_error_type_bad_request()
    {
        using var telemetry = new RecordedTelemetry();
        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        using var dealer = new DealerSocket(server.Endpoint);

        dealer.SendFrames([1], [], Utf8("Throw"));
        Assert.Equal("bad-request", ErrorCode(dealer.ReceiveFrames()[2..]));

        var span = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Throw").Count == 1), "Traced/Throw", ActivityKind.Server);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("bad-request", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task A_request_refused_because_the_queue_is_full_fails_both_spans_with_error_type_unavailable()
    {
        using var telemetry = new RecordedTelemetry();
        var traced = new Traced();
        await using var server = new TracedServer(traced, Loopback.AnyPort, new ZmqServerOptions { MaxConcurrency = 1, MaxQueuedRequests = 1 }).Started();
        await using var client = new TracedClient(server.Endpoint);

        var running = client.Hold(1, CancellationToken.None);
        await traced.EnteredAsync(1);
        // The only handler runs the first call, so the second waits in the queue and fills it: the third finds it full.
        var queued = client.Hold(2, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Hold(3, CancellationToken.None).Bound());
        Assert.Equal(ZmqErrorCode.Unavailable, refused.Code);
        traced.Open();
        await Task.WhenAll(running, queued).Bound();

        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Hold").Count(span => span.Kind == ActivityKind.Server && span.Status == ActivityStatusCode.Error) == 1
            && Of(spans, "Traced/Hold").Count(span => span.Kind == ActivityKind.Client && span.Status == ActivityStatusCode.Error) == 1);
        Assert.All(Of(spans, "Traced/Hold").Where(span => span.Status == ActivityStatusCode.Error), span => Assert.Equal("unavailable", span.GetTagItem("error.type")));
    }

    [Fact]
    public async Task A_one_frame_request_that_always_carries_the_trace_frame_still_reaches_its_operation_and_continues_the_trace()
    {
        using var telemetry = new RecordedTelemetry();
        await using var server = new OneFrameServer(new OneFrame(), Loopback.AnyPort).Started();
        await using var client = new OneFrameClient(server.Endpoint, new ZmqClientOptions { TraceContextFrame = ZmqTraceContextFrame.Always });

        Assert.Equal([1, 2, 3], await client.Echo([1, 2, 3]).Bound());

        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, "OneFrame/Echo").Count == 2);
        Assert.Equal(Single(spans, "OneFrame/Echo", ActivityKind.Client).SpanId, Single(spans, "OneFrame/Echo", ActivityKind.Server).ParentSpanId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_trace_crosses_a_Majordomo_broker_from_client_to_worker(bool handleOnSocketThread)
    {
        using var telemetry = new RecordedTelemetry();
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        await using var server = new TracedServer(new Traced(), broker.Endpoint, new ZmqServerOptions { ViaBroker = true, HandleOnSocketThread = handleOnSocketThread }).Started();
        await using var client = new TracedClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true });

        var seenByHandler = await client.Current("test").Bound();

        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Current").Count == 2);
        var clientSpan = Single(spans, "Traced/Current", ActivityKind.Client);
        var serverSpan = Single(spans, "Traced/Current", ActivityKind.Server);
        Assert.Equal(clientSpan.SpanId, serverSpan.ParentSpanId);
        Assert.Equal(clientSpan.TraceId, serverSpan.TraceId);
        Assert.Equal($"Server {serverSpan.SpanId}", seenByHandler);
    }

    internal static List<Activity> Of(IReadOnlyList<Activity> spans, string method) =>
        spans.Where(span => (string?)span.GetTagItem("rpc.method") == method).ToList();

    internal static Activity Single(IReadOnlyList<Activity> spans, string method, ActivityKind kind) =>
        Assert.Single(Of(spans, method), span => span.Kind == kind);
}
