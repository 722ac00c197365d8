using System.Diagnostics;
using NetMQ;

namespace ZmqContracts;

/// <summary>The span of a message read from the wire (a request, a message, an item): its parent is the sender's, never the reading thread's.</summary>
internal static class ReceivedSpans
{
    /// <summary>
    /// Starts a span as a child of <paramref name="sender"/>, the context a message's trace frame carried, or as a root
    /// when it carried none (<see langword="default"/>): never as a child of whatever <see cref="Activity.Current"/> the
    /// reading thread happens to have, which with caller-driven sockets may be a user's unrelated span. The span is
    /// <see cref="Activity.Current"/> afterwards, and <paramref name="ambient"/> the one to put back once it ends (the caller
    /// does, unless it runs in an async method of its own, whose end does). <see langword="null"/>, with
    /// <see cref="Activity.Current"/> as it was, when no one records the span.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, ActivityContext sender, out Activity? ambient)
    {
        ambient = Activity.Current;
        if (!Instrumentation.Source.HasListeners())
        {
            return null;
        }

        Activity.Current = null;
        var span = Instrumentation.StartActivity(name, kind, sender);
        if (span is null)
        {
            Activity.Current = ambient;
        }

        return span;
    }

    /// <summary>
    /// <see cref="Start(string, ActivityKind, ActivityContext, out Activity?)"/> for <paramref name="message"/>, whose trace
    /// frame is at <paramref name="traceFrame"/> (-1 for none; none either for a <see langword="null"/> message, one read as
    /// its frames); the frame is read only when someone listens.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, NetMQMessage? message, int traceFrame, out Activity? ambient)
    {
        ambient = Activity.Current;
        return Instrumentation.Source.HasListeners()
            ? Start(name, kind, message is null || traceFrame < 0 ? default : TraceContextFrame.Read(message, traceFrame), out ambient)
            : null;
    }
}
