using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;

namespace ZmqContracts;

/// <summary>
/// The spans and measurements of one publish/subscribe or pipeline destination (docs/observability.md, "Publish/subscribe
/// and pipeline spans"): its span names and metric tags, made once, and the starts and ends of its Producer and Consumer
/// spans. With no listener, every method returns at once, allocates nothing, and starts no span.
/// </summary>
internal sealed class MessagingDestination
{
    private readonly string _name;
    private readonly string? _template;
    private readonly string _sendName;
    private readonly string _processName;
    private readonly string _receiveName;
    private readonly KeyValuePair<string, object?>[] _sendTags;
    private readonly KeyValuePair<string, object?>[] _processTags;
    private readonly KeyValuePair<string, object?>[] _receiveTags;

    /// <param name="destination">The topic template (<c>prices.{Symbol}</c>), or the destination's name when it has no template.</param>
    /// <param name="isTemplate">Whether <paramref name="destination"/> is a template, which each message fills in.</param>
    public MessagingDestination(string destination, bool isTemplate)
    {
        _name = destination;
        _template = isTemplate ? destination : null;
        _sendName = $"{SemanticConventions.SendOperation} {destination}";
        _processName = $"{SemanticConventions.ProcessOperation} {destination}";
        _receiveName = $"{SemanticConventions.ReceiveOperation} {destination}";
        _sendTags = Tags(SemanticConventions.SendOperation);
        _processTags = Tags(SemanticConventions.ProcessOperation);
        _receiveTags = Tags(SemanticConventions.ReceiveOperation);
    }

    /// <summary>Whether anything listens: a span source listener or an enabled messaging instrument. Guards the work that only telemetry needs.</summary>
    public static bool Observed =>
        Instrumentation.Source.HasListeners()
        || Instrumentation.SentMessages.Enabled
        || Instrumentation.ConsumedMessages.Enabled
        || Instrumentation.OperationDuration.Enabled
        || Instrumentation.ProcessDuration.Enabled;

    /// <summary>A <see cref="Stopwatch"/> timestamp for a duration to record, or 0 when no duration is recorded.</summary>
    public static long Timestamp() =>
        Instrumentation.OperationDuration.Enabled || Instrumentation.ProcessDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>
    /// Starts the Producer span of a send, a child of the sender's <see cref="Activity.Current"/>: the send is part of
    /// what the sender is doing. <paramref name="name"/> is the actual destination (the topic a template became);
    /// <see langword="null"/> when it is the destination's own name.
    /// </summary>
    public Activity? StartSend(string? name = null)
    {
        var activity = Instrumentation.StartActivity(_sendName, ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            Describe(activity, SemanticConventions.SendOperation, name ?? _name);
        }

        return activity;
    }

    /// <summary>Ends a send: ends its span (in error when <paramref name="error"/> is set), counts the message and records how long the send took since <paramref name="started"/>.</summary>
    public void EndSend(Activity? activity, long started, Exception? error) =>
        End(activity, started, error is null ? null : Instrumentation.ErrorTypeOf(error), error?.Message, _sendTags, Instrumentation.SentMessages, Instrumentation.OperationDuration);

    /// <summary>
    /// Starts the Consumer span of a message taken (<paramref name="operation"/>: <see cref="SemanticConventions.ProcessOperation"/>
    /// for a handler, <see cref="SemanticConventions.ReceiveOperation"/> for a reader), a child of <paramref name="producer"/>,
    /// the context its trace frame carried, or a root span when there was none: never a child of the reading thread's
    /// ambient span, which has nothing to do with the message. <paramref name="topic"/> is the actual topic in UTF-8 when
    /// the destination is a template, empty otherwise. The span becomes <see cref="Activity.Current"/>; until it ends,
    /// <paramref name="ambient"/> is what to restore then.
    /// </summary>
    public Activity? StartConsumer(string operation, ActivityContext producer, ReadOnlySpan<byte> topic, out Activity? ambient)
    {
        var name = operation == SemanticConventions.ProcessOperation ? _processName : _receiveName;
        var activity = ReceivedSpans.Start(name, ActivityKind.Consumer, producer, out ambient);
        if (activity is null)
        {
            return null;
        }

        if (activity.IsAllDataRequested)
        {
            Describe(activity, operation, topic.IsEmpty ? _name : Encoding.UTF8.GetString(topic));
        }

        return activity;
    }

    /// <summary>
    /// Ends a handler's run: ends its span (in error when <paramref name="error"/> is set) and restores
    /// <paramref name="ambient"/>, counts the message consumed and records how long the handler took since <paramref name="started"/>.
    /// </summary>
    public void EndProcess(Activity? activity, Activity? ambient, long started, Exception? error)
    {
        End(activity, started, error is null ? null : Instrumentation.ErrorTypeOf(error), error is null ? null : HandlerError.MessageOf(error), _processTags, Instrumentation.ConsumedMessages, Instrumentation.ProcessDuration);
        Restore(activity, ambient);
    }

    /// <summary>
    /// Ends the delivery of a message to a reader: ends its span (in error when <paramref name="error"/>, the type of
    /// what went wrong, is set) and restores <paramref name="ambient"/>, and counts the message consumed.
    /// </summary>
    public void EndReceive(Activity? activity, Activity? ambient, string? error, string? description)
    {
        End(activity, started: 0, error, description, _receiveTags, Instrumentation.ConsumedMessages, duration: null);
        Restore(activity, ambient);
    }

    private static void Restore(Activity? activity, Activity? ambient)
    {
        if (activity is not null)
        {
            Activity.Current = ambient;
        }
    }

    /// <summary>Counts and times first, then ends the span: whoever waits for the span's end finds the measurements made.</summary>
    private static void End(Activity? activity, long started, string? error, string? description, KeyValuePair<string, object?>[] tags, Counter<long> counter, Histogram<double>? duration)
    {
        var timed = duration is { Enabled: true } && started != 0;
        if (counter.Enabled || timed)
        {
            var list = new TagList(tags);
            if (error is not null)
            {
                list.Add(SemanticConventions.ErrorType, error);
            }

            Instrumentation.Add(counter, 1, list);
            if (timed)
            {
                Instrumentation.Record(duration!, Stopwatch.GetElapsedTime(started).TotalSeconds, list);
            }
        }

        if (activity is not null)
        {
            if (error is not null)
            {
                activity.SetTag(SemanticConventions.ErrorType, error);
                activity.SetStatus(ActivityStatusCode.Error, description);
            }

            Instrumentation.Stop(activity);
        }
    }

    private void Describe(Activity activity, string operation, string name)
    {
        activity.SetTag(SemanticConventions.MessagingSystem, SemanticConventions.System);
        activity.SetTag(SemanticConventions.MessagingOperationType, operation);
        activity.SetTag(SemanticConventions.MessagingOperationName, operation);
        activity.SetTag(SemanticConventions.MessagingDestinationName, name);
        if (_template is not null)
        {
            activity.SetTag(SemanticConventions.MessagingDestinationTemplate, _template);
        }
    }

    /// <summary>The metric tags: low-cardinality only, so a templated destination is tagged with its template, never the topic it became.</summary>
    private KeyValuePair<string, object?>[] Tags(string operation) =>
    [
        new(SemanticConventions.MessagingSystem, SemanticConventions.System),
        new(_template is null ? SemanticConventions.MessagingDestinationName : SemanticConventions.MessagingDestinationTemplate, _name),
        new(SemanticConventions.MessagingOperationType, operation),
        new(SemanticConventions.MessagingOperationName, operation),
    ];
}
