using System;
using Microsoft.Extensions.Logging;

namespace ZmqContracts;

/// <summary>What the publisher and the subscriber log: event ids 100–199.</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Debug, "Publisher {Endpoint}: a subscriber {Change} '{Prefix}'")]
    public static partial void SubscriptionChanged(ILogger logger, string endpoint, string change, string prefix);

    [LoggerMessage(101, LogLevel.Debug, "Publisher {Endpoint}: ignored an upstream message of {FrameCount} frames that is neither a subscription nor an acknowledgement")]
    public static partial void UnknownUpstreamMessage(ILogger logger, string endpoint, int frameCount);

    [LoggerMessage(102, LogLevel.Warning, "Publisher {Endpoint}: a message could not be handed to the socket")]
    public static partial void PublishFailed(ILogger logger, Exception? exception, string endpoint);

    [LoggerMessage(103, LogLevel.Debug, "Publisher {Endpoint}: waiting for a subscriber with {Window} messages on their way")]
    public static partial void WaitingForSubscribers(ILogger logger, string endpoint, int window);

    [LoggerMessage(110, LogLevel.Warning, "Subscriber: dropped {Count} malformed messages of one frame (expected [topic][payload]) since the last such warning; at most one every {Interval}")]
    public static partial void MalformedMessages(ILogger logger, long count, TimeSpan interval);

    [LoggerMessage(111, LogLevel.Warning, "Subscriber: skipped {Count} messages on {Topic} whose payload could not be read since the last such warning for the topic; at most one every {Interval}")]
    public static partial void UndeserializablePayloads(ILogger logger, Exception? exception, long count, string topic, TimeSpan interval);

    [LoggerMessage(112, LogLevel.Error, "Subscriber: the handler of {Filter} threw; the subscription goes on")]
    public static partial void SubscriberHandlerFailed(ILogger logger, Exception exception, string filter);

    [LoggerMessage(113, LogLevel.Debug, "Subscriber: stopped reading until a slow consumer of {Filter} makes room")]
    public static partial void ConsumerFull(ILogger logger, string filter);

    [LoggerMessage(114, LogLevel.Warning, "Subscriber: missed {Missed} messages of {Topic} from publisher {Publisher}: expected #{Expected}, received #{Received}")]
    public static partial void MessagesMissed(ILogger logger, long missed, string topic, string publisher, long expected, long received);

    [LoggerMessage(115, LogLevel.Debug, "Subscriber: publisher {Publisher} numbered {Topic} #{Received} after #{Last}; the stream starts anew from there")]
    public static partial void StreamRestarted(ILogger logger, string publisher, string topic, long received, long last);

    [LoggerMessage(116, LogLevel.Error, "Subscriber: a handler of MessagesMissed threw")]
    public static partial void MissedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(117, LogLevel.Warning, "{Message} subscription: the handler went on past the host's shutdown timeout, though its token was cancelled; the subscription stopped without it")]
    public static partial void SubscriptionHandlerAbandoned(ILogger logger, string message);
}
