using System.Diagnostics;
using NetMQ;

namespace ZmqContracts;

/// <summary>The span of a message read from the wire (a request, a message, an item): its parent is the sender's, never the reading thread's.</summary>
internal static class ReceivedSpans
{
    /// <summary>
    /// Starts a span for <paramref name="message"/> as a child of the context its trace frame at <paramref name="traceFrame"/>
    /// carries, or as a root when it carries none (<paramref name="traceFrame"/> -1): never as a child of whatever
    /// <see cref="Activity.Current"/> the reading thread happens to have, which with caller-driven sockets may be a user's
    /// unrelated span. The span is <see cref="Activity.Current"/> afterwards; the caller puts the previous one back unless
    /// it runs in an async method of its own, whose end does. <see langword="null"/>, having done nothing, when no one listens.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, NetMQMessage message, int traceFrame)
    {
        if (!Instrumentation.Source.HasListeners())
        {
            return null;
        }

        var parent = traceFrame < 0 ? default : TraceContextFrame.Read(message, traceFrame);
        Activity.Current = null;
        return Instrumentation.Source.StartActivity(name, kind, parent);
    }
}
