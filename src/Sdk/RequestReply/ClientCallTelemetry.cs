using System;
using System.Diagnostics;

namespace ZmqContracts.Runtime;

/// <summary>
/// What one call of a client reports: its <c>Client</c> span, started in the caller's context so that it is a child of
/// the caller's <see cref="Activity.Current"/>; its duration; and its place among the active calls. Each part is on only
/// while a listener is: with none, starting and ending a call allocates nothing.
/// </summary>
internal struct ClientCallTelemetry
{
    private readonly string _method;
    private readonly long _started;
    private readonly bool _active;
    private string? _errorType;

    private ClientCallTelemetry(string method, Activity? span, long started, bool active)
    {
        _method = method;
        Span = span;
        _started = started;
        _active = active;
    }

    /// <summary>The call's span; <see langword="null"/> when no one records it.</summary>
    public readonly Activity? Span { get; }

    public static ClientCallTelemetry Start(string method, ServerAddress server)
    {
        var span = Instrumentation.StartActivity(method, ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            RpcTelemetry.Tag(span, method, server);
        }

        var active = Instrumentation.ActiveCalls.Enabled;
        if (active)
        {
            Instrumentation.Add(Instrumentation.ActiveCalls, 1, RpcTelemetry.Tags(method));
        }

        return new(method, span, Instrumentation.ClientCallDuration.Enabled ? Stopwatch.GetTimestamp() : 0, active);
    }

    /// <summary>Notes that the call failed with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception)
    {
        _errorType = RpcTelemetry.ErrorTypeOf(exception);
        RpcTelemetry.Fail(Span, _errorType, exception.Message);
    }

    /// <summary>Ends the span and records the call's duration, once it succeeded or <see cref="Fail"/> said why not.</summary>
    public readonly void End()
    {
        if (Span is { } span)
        {
            Instrumentation.Stop(span);
        }
        if (_active)
        {
            Instrumentation.Add(Instrumentation.ActiveCalls, -1, RpcTelemetry.Tags(_method));
        }

        if (_started != 0)
        {
            Instrumentation.Record(Instrumentation.ClientCallDuration, Stopwatch.GetElapsedTime(_started).TotalSeconds, RpcTelemetry.Tags(_method, _errorType));
        }
    }
}
