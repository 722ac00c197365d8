using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MessagePack;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.Telemetry.RequestReplySpanTests;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>The instruments of request/reply: call durations on both sides, calls in flight, queued requests, retries and reconnections.</summary>
[Collection(nameof(Tracing))]
public class RequestReplyMetricTests
{
    [Fact]
    public async Task Each_call_records_its_duration_in_seconds_on_both_sides_tagged_with_its_method_and_a_failure_with_its_error_type()
    {
        using var telemetry = new RecordedTelemetry();
        await using var server = new TracedServer(new Traced(), Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);

        await client.Current("test").Bound();
        await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Throw("no").Bound());

        // The server records a call's duration as it replies, the client as the reply arrives: both are in once the spans are.
        await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Current").Count == 2 && Of(spans, "Traced/Throw").Count == 2);
        foreach (var instrument in new[] { "rpc.client.call.duration", "rpc.server.call.duration" })
        {
            var current = Assert.Single(telemetry.Measurements, m => m.Instrument == instrument && Method(m) == "Traced/Current");
            Assert.Equal("s", current.Unit);
            Assert.Equal("zeromq", current.Tags["rpc.system.name"]);
            Assert.False(current.Tags.ContainsKey("error.type"));
            Assert.InRange(current.Value, 0, Within.Timeout.TotalSeconds);

            var failed = Assert.Single(telemetry.Measurements, m => m.Instrument == instrument && Method(m) == "Traced/Throw");
            Assert.Equal(instrument.StartsWith("rpc.client", StringComparison.Ordinal) ? "handler-failed" : typeof(InvalidOperationException).FullName, failed.Tags["error.type"]);
        }
    }

    [Fact]
    public async Task Calls_in_flight_and_requests_queued_count_up_while_the_handlers_hold_them_and_back_to_zero_after()
    {
        using var telemetry = new RecordedTelemetry();
        var traced = new Traced();
        await using var server = new TracedServer(traced, Loopback.AnyPort).Started();
        await using var client = new TracedClient(server.Endpoint);

        var calls = Enumerable.Range(0, 3).Select(i => client.Hold(i, CancellationToken.None)).ToArray();
        await traced.EnteredAsync(3);
        Assert.Equal(3, Sum(telemetry, "zmqcontracts.client.active_calls", "Traced/Hold"));
        Assert.Equal(3, Sum(telemetry, "zmqcontracts.server.queued_requests", "Traced/Hold"));

        traced.Open();
        await Task.WhenAll(calls).Bound();
        await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Hold").Count == 6);
        Assert.Equal(0, Sum(telemetry, "zmqcontracts.client.active_calls", "Traced/Hold"));
        Assert.Equal(0, Sum(telemetry, "zmqcontracts.server.queued_requests", "Traced/Hold"));
    }

    [Fact]
    public async Task An_idempotent_call_that_times_out_once_counts_one_retry_notes_it_on_its_span_and_counts_the_reconnection()
    {
        using var telemetry = new RecordedTelemetry();
        using var router = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{router.BindRandomPort("tcp://127.0.0.1")}";
        // The first attempt goes unanswered until it times out; the second must be answered within its own timeout, which on
        // a loaded machine takes more than a fifth of a second.
        await using var client = new TracedClient(endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 3, RetryBackoff = TimeSpan.FromMilliseconds(10) });
        var balance = client.Balance("alice");
        router.ReceiveFrames();
        var retry = router.ReceiveFrames();
        router.SendFrames(retry[0], retry[1], [], MessagePackSerializer.Serialize(7L));

        Assert.Equal(7, await balance.Bound());
        var span = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Balance").Count == 1), "Traced/Balance", ActivityKind.Client);
        var retried = Assert.Single(span.Events);
        Assert.Equal("zmqcontracts.retry", retried.Name);
        Assert.Equal(2, retried.Tags.Single(tag => tag.Key == "zmqcontracts.attempt").Value);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(1, Sum(telemetry, "zmqcontracts.client.retries", "Traced/Balance"));

        // The retry went over a fresh connection, since the server had said nothing: the client's socket connected again.
        await telemetry.WaitForMeasurementsAsync(measurements => measurements.Any(m => m.Instrument == "zmqcontracts.connection.reconnects"));
    }

    private static string? Method(RecordedTelemetry.Measurement measurement) =>
        measurement.Tags.TryGetValue("rpc.method", out var method) ? method as string : null;

    private static double Sum(RecordedTelemetry telemetry, string instrument, string method) =>
        telemetry.Measurements.Where(m => m.Instrument == instrument && Method(m) == method).Sum(m => m.Value);
}
