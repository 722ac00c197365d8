using System;

namespace ZmqContracts;

/// <summary>
/// A message type with a topic: what <see cref="ZmqPublisher"/> and <see cref="ZmqSubscriber"/> need to know of it.
/// The ZmqContracts generator implements it for every type marked <see cref="TopicAttribute"/>; do not implement it by hand.
/// </summary>
/// <typeparam name="TSelf">The message type itself.</typeparam>
public interface ITopicMessage<TSelf>
    where TSelf : ITopicMessage<TSelf>
{
    /// <summary>The topic, or the template such as <c>prices.{Symbol}</c>, as written in <see cref="TopicAttribute"/>.</summary>
    static abstract string Topic { get; }

    /// <summary>What a subscriber of every message of the type subscribes to: the topic, or a template's text before its first placeholder.</summary>
    static abstract string TopicPrefix { get; }

    /// <summary>Whether a subscriber also receives the topics that start with the topic it asked for (<see cref="TopicAttribute.MatchPrefix"/>).</summary>
    static abstract bool MatchPrefix { get; }

    /// <summary>The topic <paramref name="message"/> is published under: the topic, or the template filled in with the message's properties.</summary>
    /// <exception cref="ArgumentException">A placeholder's property is <see langword="null"/> or empty, or holds a lone UTF-16 surrogate, which the topic's UTF-8 cannot carry.</exception>
    static abstract string GetTopic(TSelf message);

    /// <summary>The serializer of the type's format (<see cref="TopicAttribute.Format"/>), used unless an endpoint's options choose one.</summary>
    static abstract IZmqSerializer Serializer { get; }

    /// <summary>Whether a received topic frame is one of the type's topics: equal to the topic, starting with it when <see cref="MatchPrefix"/> is set, or of the template's shape.</summary>
    static abstract bool IsMatch(ReadOnlySpan<byte> topic);
}
