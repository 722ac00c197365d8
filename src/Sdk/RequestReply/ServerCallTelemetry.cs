using System.Diagnostics;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// What one request a server read reports: its <c>Server</c> span, a child of the context its trace frame carries;
/// its duration, from the read to the reply; and its place among the queued requests. Each part is on only while a
/// listener is.
/// </summary>
internal readonly struct ServerCallTelemetry
{
    private readonly string _method;
    private readonly long _readAt;
    private readonly bool _queued;

    private ServerCallTelemetry(string method, Activity? span, long readAt, bool queued)
    {
        _method = method;
        Span = span;
        _readAt = readAt;
        _queued = queued;
    }

    /// <summary>The request's span; <see langword="null"/> when no one records it.</summary>
    public Activity? Span { get; }

    /// <summary>Starts reporting a request to <paramref name="method"/> just read, leaving the reading thread's <see cref="Activity.Current"/> as it was.</summary>
    /// <param name="method">The request's <c>rpc.method</c>.</param>
    /// <param name="server">The server's endpoint.</param>
    /// <param name="message">The request; <see langword="null"/> for one read as its frames, which has no trace frame.</param>
    /// <param name="traceFrame">The index of its trace frame, or -1.</param>
    public static ServerCallTelemetry Read(string method, ServerAddress server, NetMQMessage? message, int traceFrame)
    {
        var span = ReceivedSpans.Start(RpcTelemetry.SpanName(method), ActivityKind.Server, message, traceFrame, out var previous);
        if (span is not null)
        {
            if (span.IsAllDataRequested)
            {
                RpcTelemetry.Tag(span, method, server);
            }

            // The handler makes the span current in its own async context (MakeCurrent); the reading thread goes on as it was.
            Activity.Current = previous;
        }

        var queued = Instrumentation.QueuedRequests.Enabled;
        if (queued)
        {
            Instrumentation.Add(Instrumentation.QueuedRequests, 1, RpcTelemetry.Tags(method));
        }

        return new(method, span, Instrumentation.ServerCallDuration.Enabled ? Stopwatch.GetTimestamp() : 0, queued);
    }

    /// <summary>Makes the span the current one, for the handler and what it calls; in the handler's own async context.</summary>
    public void MakeCurrent()
    {
        if (Span is not null || Activity.Current is not null)
        {
            Activity.Current = Span;
        }
    }

    /// <summary>Ends the span and records the duration once the reply is made: an error reply's <paramref name="errorType"/> says why.</summary>
    public void Answered(string? errorType = null, string? description = null)
    {
        if (Span is { } span)
        {
            if (errorType is not null)
            {
                RpcTelemetry.Fail(span, errorType, description ?? errorType);
            }

            // Stop makes the span's parent current on this thread, which may be reading other requests.
            var previous = Activity.Current;
            Instrumentation.Stop(span);
            if (previous != span)
            {
                Activity.Current = previous;
            }
        }

        if (_queued)
        {
            Instrumentation.Add(Instrumentation.QueuedRequests, -1, RpcTelemetry.Tags(_method));
        }

        if (_readAt != 0)
        {
            Instrumentation.Record(Instrumentation.ServerCallDuration, Stopwatch.GetElapsedTime(_readAt).TotalSeconds, RpcTelemetry.Tags(_method, errorType));
        }
    }
}
