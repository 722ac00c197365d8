using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ZmqContracts;

/// <summary>
/// The one <see cref="ActivitySource"/> and the one <see cref="Meter"/>, and every instrument on it, so that each is
/// created once and named in one place. Names follow the OpenTelemetry semantic conventions where they have one (RPC,
/// messaging); the rest are <c>zmqcontracts.*</c>. Every instrument costs nothing while no listener is enabled on it.
/// </summary>
internal static class Instrumentation
{
    private static readonly string? Version = typeof(Instrumentation).Assembly.GetName().Version?.ToString();

#if NET9_0_OR_GREATER
    /// <summary>Buckets from 50 µs (declared before the histograms that use them: static fields start in order), where a ZeroMQ call on one machine lands, up to 10 s: the exporters' default buckets start at 5 ms.</summary>
    private static readonly double[] DurationBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
#endif

    public static readonly ActivitySource Source = new(ZmqTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(ZmqTelemetry.MeterName, Version);

    public static readonly Histogram<double> ClientCallDuration = Duration(
        "rpc.client.call.duration", "How long a call took on the client, from its first send to its reply or failure.");

    public static readonly Histogram<double> ServerCallDuration = Duration(
        "rpc.server.call.duration", "How long a server took to run a request, from reading it to sending its reply.");

    public static readonly Counter<long> SentMessages = Meter.CreateCounter<long>(
        "messaging.client.sent.messages", "{message}", "Messages a publisher or a pipeline stage handed to its socket.");

    public static readonly Counter<long> ConsumedMessages = Meter.CreateCounter<long>(
        "messaging.client.consumed.messages", "{message}", "Messages a subscriber or a pipeline stage delivered to its handler or reader.");

    public static readonly Histogram<double> OperationDuration = Duration(
        "messaging.client.operation.duration", "How long a send (publish, produce) took, waiting for room included.");

    public static readonly Histogram<double> ProcessDuration = Duration(
        "messaging.process.duration", "How long a handler took to process one message (subscriber, worker).");

    public static readonly UpDownCounter<long> ActiveCalls = Meter.CreateUpDownCounter<long>(
        "zmqcontracts.client.active_calls", "{call}", "Calls a client has started and not yet completed.");

    public static readonly UpDownCounter<long> QueuedRequests = Meter.CreateUpDownCounter<long>(
        "zmqcontracts.server.queued_requests", "{request}", "Requests a server has read and not yet answered: running, or waiting for a handler.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "zmqcontracts.client.retries", "{attempt}", "Attempts a client sent again after a timeout or an unavailable server.");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "zmqcontracts.connection.reconnects", "{connection}", "Connections made again after a connected peer was lost.");

    public static readonly Counter<long> MissedMessages = Meter.CreateCounter<long>(
        "zmqcontracts.subscriber.missed_messages", "{message}", "Messages a subscriber knows it missed, from gaps in a publisher's numbering.");

    public static readonly Counter<long> Redeliveries = Meter.CreateCounter<long>(
        "zmqcontracts.pipeline.redeliveries", "{item}", "Items an acknowledged producer sent again because no result or failure came back in time.");

    public static readonly Counter<long> AbandonedItems = Meter.CreateCounter<long>(
        "zmqcontracts.pipeline.abandoned_items", "{item}", "Items an acknowledged producer gave up on after its last redelivery.");

    public static readonly Counter<long> DroppedMessages = Meter.CreateCounter<long>(
        "zmqcontracts.dropped_messages", "{message}", "Messages not sent because a peer's queue was at its high-water mark.");

    /// <summary>
    /// Starts a span on <see cref="Source"/>. A listener that throws while sampling or starting it costs the span, as a
    /// logger that throws costs its entries: <see langword="null"/> is returned, with <see cref="Activity.Current"/> as it
    /// was, and the message goes its way. A span that had started when the listener threw is ended at once, so that the
    /// listeners that saw it start also see it end (.NET does not tell the listeners after the one that threw).
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind, ActivityContext parent = default)
    {
        var ambient = Activity.Current;
        try
        {
            return Source.StartActivity(name, kind, parent);
        }
        catch (Exception)
        {
            // Activity.Start makes the span current before it tells the listeners.
            if (Activity.Current is { } started && started != ambient && started.Source == Source)
            {
                Stop(started);
            }

            Activity.Current = ambient;
            return null;
        }
    }

    /// <summary>
    /// Ends <paramref name="span"/>. A listener that throws while it is stopped costs that record (for it and the
    /// listeners after it): the span's parent is made current again, as <see cref="Activity.Stop"/> does, and the message
    /// goes its way.
    /// </summary>
    public static void Stop(Activity span)
    {
        try
        {
            span.Stop();
        }
        catch (Exception)
        {
            if (Activity.Current == span)
            {
                Activity.Current = span.Parent;
            }
        }
    }

    /// <summary>The <c>error.type</c> of an exception that has no shorter name for it: its full type name.</summary>
    public static string ErrorTypeOf(Exception error) => error.GetType().FullName ?? error.GetType().Name;

    /// <summary>The tags of a measurement that names only the messaging system, <c>zeromq</c>.</summary>
    public static TagList SystemOnly => new() { { SemanticConventions.MessagingSystem, SemanticConventions.System } };

    /// <summary>Adds <paramref name="value"/> to <paramref name="counter"/>; a listener that throws costs the measurement (for it and the listeners after it), nothing more.</summary>
    public static void Add(Counter<long> counter, long value, in TagList tags)
    {
        try
        {
            counter.Add(value, in tags);
        }
        catch (Exception)
        {
            // The listener's failure is its own: what was measured goes on.
        }
    }

    /// <inheritdoc cref="Add(Counter{long}, long, in TagList)"/>
    public static void Add(UpDownCounter<long> counter, long value, in TagList tags)
    {
        try
        {
            counter.Add(value, in tags);
        }
        catch (Exception)
        {
            // The listener's failure is its own: what was measured goes on.
        }
    }

    /// <summary>Records <paramref name="value"/> in <paramref name="histogram"/>; a listener that throws costs the measurement (for it and the listeners after it), nothing more.</summary>
    public static void Record(Histogram<double> histogram, double value, in TagList tags)
    {
        try
        {
            histogram.Record(value, in tags);
        }
        catch (Exception)
        {
            // The listener's failure is its own: what was measured goes on.
        }
    }

    private static Histogram<double> Duration(string name, string description) =>
#if NET9_0_OR_GREATER
        Meter.CreateHistogram<double>(name, "s", description, tags: null, advice: new() { HistogramBucketBoundaries = DurationBuckets });
#else
        Meter.CreateHistogram<double>(name, "s", description);
#endif
}
