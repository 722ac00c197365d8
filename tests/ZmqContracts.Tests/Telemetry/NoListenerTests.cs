using System;
using NetMQ;
using Xunit;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>With no listener, what every call and request does for telemetry costs no allocation at all.</summary>
[Collection(nameof(Tracing))]
public class NoListenerTests
{
    [Fact]
    public void With_no_listener_a_calls_and_a_requests_telemetry_allocate_nothing_and_add_no_trace_frame()
    {
        Assert.False(Instrumentation.Source.HasListeners());
        var server = ServerAddress.Of("tcp://127.0.0.1:5555");
        var operation = new RequestOperation("Price");
        var request = new NetMQMessage();
        request.Append("Price");
        request.Append("argument");

        // Once first, so that what is made once (the method's name, the JIT's work) is not counted.
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Run();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2, request.FrameCount);

        void Run()
        {
            var call = ClientCallTelemetry.Start(operation.MethodOf("Pricing"), server);
            TraceContextFrame.AppendTo(request, call.Span, ZmqTraceContextFrame.Always);
            call.End();
            var served = ServerCallTelemetry.Read("Pricing/Price", server, request, -1);
            served.MakeCurrent();
            served.Answered();
        }
    }
}
