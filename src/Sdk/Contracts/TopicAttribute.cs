using System;

namespace ZmqContracts;

/// <summary>
/// Marks a partial record, class or struct as a publish/subscribe message published under <see cref="Topic"/>. The
/// ZmqContracts generator makes the type implement <see cref="ITopicMessage{TSelf}"/>, which
/// <see cref="ZmqPublisher.PublishAsync{T}"/> and <see cref="ZmqSubscriber.Subscribe{T}(System.Threading.CancellationToken)"/> require.
/// </summary>
/// <remarks>
/// <para>A topic is plain text (<c>[Topic("client1")]</c>) or a template whose placeholders name properties of the type
/// (<c>[Topic("prices.{Symbol}")]</c>): each message is then published under the topic its property values fill in,
/// and the generator writes a static <c>TopicFor(…)</c> method that subscribes to one of those topics. A placeholder's
/// property is a string, char, bool, integer, <see cref="Guid"/> or enum; placeholders are separated by text.</para>
/// <para>A subscriber receives exactly the topic it asked for: a subscriber of <c>client1</c> never sees <c>client10</c>,
/// unless <see cref="MatchPrefix"/> is set. Topics starting with <c>zmqc.</c> are reserved for the protocol.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class TopicAttribute : Attribute
{
    /// <summary>Publishes the type under <paramref name="topic"/>, a text or a template such as <c>prices.{Symbol}</c>.</summary>
    public TopicAttribute(string topic) => Topic = topic;

    /// <summary>The topic or template, as written.</summary>
    public string Topic { get; }

    /// <summary>
    /// Whether a subscriber of this type also receives every topic that starts with its topic (ZeroMQ's own prefix
    /// semantics: a subscriber of <c>client1</c> then receives <c>client10</c> and <c>client1.eu</c> too). Default
    /// <see langword="false"/>: exact topics only.
    /// </summary>
    public bool MatchPrefix { get; init; }

    /// <summary>
    /// The message's wire format; <see cref="ZmqFormat.MessagePack"/> unless stated. <see cref="ZmqFormat.Raw"/> sends a
    /// message of exactly one <see cref="string"/> (UTF-8) or bytes property as that property verbatim, as a pyzmq
    /// <c>send_multipart([topic, text])</c> does: <c>[Topic("client1", Format = ZmqFormat.Raw)] partial record Client1Text(string Text)</c>
    /// (ZMQ0111, ZMQ0013).
    /// </summary>
    public ZmqFormat Format { get; init; }

    /// <summary>
    /// With <see cref="ZmqFormat.Json"/>, the <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> (with a public
    /// parameterless constructor) that describes the types this contract sends, so that JSON needs no reflection:
    /// the path to native AOT and trimming. <see langword="null"/>: System.Text.Json describes them by reflection.
    /// </summary>
    public Type? JsonContext { get; init; }
}
