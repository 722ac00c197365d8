using System.Text;

namespace ZmqContracts;

/// <summary>The topic frame of a message of <typeparamref name="T"/>: encoded once for a type whose topic is not a template.</summary>
internal static class TopicBytes<T>
    where T : ITopicMessage<T>
{
    private static readonly byte[]? s_fixed = T.TopicPrefix == T.Topic ? Encoding.UTF8.GetBytes(T.Topic) : null;

    /// <summary>The UTF-8 bytes of <paramref name="topic"/>, the topic <see cref="ITopicMessage{TSelf}.GetTopic"/> gave; never written to.</summary>
    public static byte[] Of(string topic) => s_fixed ?? Encoding.UTF8.GetBytes(topic);
}
