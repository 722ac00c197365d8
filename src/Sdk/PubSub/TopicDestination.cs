namespace ZmqContracts;

/// <summary>The telemetry destination of the messages of <typeparamref name="T"/>: its topic, or its template such as <c>prices.{Symbol}</c>, made once per type.</summary>
internal static class TopicDestination<T>
    where T : ITopicMessage<T>
{
    /// <summary>Whether the type's topic is a template, which each message fills in: its spans then name the topic the template became.</summary>
    public static bool IsTemplate { get; } = T.TopicPrefix != T.Topic;

    public static MessagingDestination Instance { get; } = new(T.Topic, IsTemplate);
}
