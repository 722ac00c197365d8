using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MessagePack;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.Telemetry.RequestReplySpanTests;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>What a typed client puts on the wire, seen by a raw ROUTER: the zmqc.trace frame only while a listener records the call.</summary>
[Collection(nameof(Tracing))]
public class TraceFrameWireTests
{
    [Fact]
    public async Task A_request_carries_a_trailing_trace_frame_while_a_listener_records_it_and_exactly_the_frames_it_had_before_without_one()
    {
        using var router = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{router.BindRandomPort("tcp://127.0.0.1")}";
        await using var client = new TracedClient(endpoint);

        Activity clientSpan;
        using (var telemetry = new RecordedTelemetry())
        {
            var traced = CallAndAnswer(router, client.Balance("alice"));
            Assert.Equal(6, traced.Count);
            await traced.Call;
            clientSpan = Single(await telemetry.WaitForSpansAsync(spans => Of(spans, "Traced/Balance").Count == 1), "Traced/Balance", ActivityKind.Client);
            Assert.Equal($"zmqc.trace\ntraceparent={clientSpan.Id}", Encoding.UTF8.GetString(traced.Frames[5]));
        }

        Assert.False(Instrumentation.Source.HasListeners());
        var untraced = CallAndAnswer(router, client.Balance("alice"));
        Assert.Equal(5, untraced.Count);
        Assert.Equal("Balance", Encoding.UTF8.GetString(untraced.Frames[3]));
        await untraced.Call;
    }

    [Fact]
    public async Task Through_a_broker_the_trace_frame_comes_after_the_body_and_before_the_call_tag_that_stays_last()
    {
        using var router = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{router.BindRandomPort("tcp://127.0.0.1")}";
        await using var client = new TracedClient(endpoint, new ZmqClientOptions { ViaBroker = true, RequestTimeout = Within.Timeout });
        using var telemetry = new RecordedTelemetry();

        var call = client.Balance("alice");
        var request = router.ReceiveFrames();

        // [routing][][MDPC01][service][operation][argument][trace][tag]
        Assert.Equal(8, request.Count);
        Assert.Equal("Balance", Encoding.UTF8.GetString(request[4]));
        Assert.StartsWith("zmqc.trace\ntraceparent=", Encoding.UTF8.GetString(request[6]));
        Assert.Equal("zmqc.call", Encoding.UTF8.GetString(request[7].AsSpan(0, "zmqc.call".Length)));

        // The call ends here, and its span with it, not in the next test's recording.
        await client.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => call).WaitAsync(Within.Timeout);
    }

    /// <summary>Reads the request <paramref name="call"/> sent and answers it.</summary>
    private static (List<byte[]> Frames, int Count, Task<long> Call) CallAndAnswer(RouterSocket router, Task<long> call)
    {
        var request = router.ReceiveFrames();
        router.SendFrames(request[0], request[1], [], MessagePackSerializer.Serialize(7L));
        return (request, request.Count, call);
    }
}
