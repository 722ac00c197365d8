using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;
using static ZmqContracts.Tests.Telemetry.RequestReplySpanTests;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>pyzmq peers, which know nothing of trace frames, work unchanged with typed peers that trace.</summary>
[Collection(nameof(Tracing))]
public class PythonPeerTracingTests
{
    [PythonFact]
    public async Task A_typed_client_that_traces_calls_a_pyzmq_REP_server_which_ignores_the_trace_frame()
    {
        using var telemetry = new RecordedTelemetry();

        await RequestReplyInteropTests.ClientCallsPythonServer("msgpack");

        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, "Messages/Send").Count == 3);
        Assert.All(spans, span => Assert.Equal(ActivityStatusCode.Unset, span.Status));
    }

    [PythonFact]
    public async Task A_pyzmq_REQ_client_calls_a_typed_server_that_traces_and_each_request_is_a_root_Server_span()
    {
        using var telemetry = new RecordedTelemetry();

        await RequestReplyInteropTests.PythonClientCallsServer("msgpack");

        var spans = await telemetry.WaitForSpansAsync(spans => Of(spans, "Messages/Send").Count == 3);
        Assert.All(spans, span =>
        {
            Assert.Equal(ActivityKind.Server, span.Kind);
            Assert.Equal(default, span.ParentSpanId);
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
        });
    }
}
