using System;
using System.Text;

namespace ZmqContracts;

/// <summary>
/// Which messages of <typeparamref name="T"/> a subscription receives: <see cref="All"/> of them, or those of one topic
/// (<see cref="For"/>; for a template, the generated <c>TopicFor(…)</c> methods build one from property values).
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class TopicFilter<T>
    where T : ITopicMessage<T>
{
    private readonly byte[] _subscription;
    private readonly bool _wholeType;

    private TopicFilter(string subscription, bool wholeType, bool exact)
    {
        Subscription = subscription;
        _subscription = Encoding.UTF8.GetBytes(subscription);
        _wholeType = wholeType;
        IsExact = exact;
    }

    /// <summary>Every message of <typeparamref name="T"/>: subscribes to <see cref="ITopicMessage{TSelf}.TopicPrefix"/> and keeps the topics <see cref="ITopicMessage{TSelf}.IsMatch"/> recognizes.</summary>
    public static TopicFilter<T> All { get; } = new(T.TopicPrefix, wholeType: true, exact: !T.MatchPrefix && T.TopicPrefix == T.Topic);

    /// <summary>The messages published under <paramref name="topic"/> (and under the topics starting with it, when <typeparamref name="T"/> matches by prefix).</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="topic"/> is not a topic of <typeparamref name="T"/>, or holds a lone UTF-16 surrogate, which the
    /// topic's UTF-8 cannot carry.
    /// </exception>
    public static TopicFilter<T> For(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        TopicText.ThrowIfLoneSurrogate(topic, $"The topic of {typeof(T).Name} to subscribe to", nameof(topic));
        var filter = new TopicFilter<T>(topic, wholeType: false, exact: !T.MatchPrefix);
        if (!T.IsMatch(filter._subscription))
        {
            throw new ArgumentException($"'{topic}' is not a topic of {typeof(T).Name}, whose topic is '{T.Topic}'.", nameof(topic));
        }

        return filter;
    }

    /// <summary>The prefix ZeroMQ is asked to deliver; the subscriber then keeps only the topics <see cref="IsMatch"/> accepts.</summary>
    public string Subscription { get; }

    /// <summary>Whether every topic this filter accepts is <see cref="Subscription"/> itself.</summary>
    internal bool IsExact { get; }

    internal ReadOnlySpan<byte> SubscriptionBytes => _subscription;

    /// <summary>Whether a message published under <paramref name="topic"/> passes the filter.</summary>
    public bool IsMatch(ReadOnlySpan<byte> topic)
    {
        if (_wholeType)
        {
            return T.IsMatch(topic);
        }

        return IsExact ? topic.SequenceEqual(_subscription) : topic.StartsWith(_subscription);
    }

    /// <summary>Whether a subscriber that subscribed to <paramref name="prefix"/> receives some of the topics this filter accepts.</summary>
    internal bool IsReachedBy(ReadOnlySpan<byte> prefix) =>
        _subscription.AsSpan().StartsWith(prefix) || (!IsExact && prefix.StartsWith(_subscription));

    /// <inheritdoc />
    public override string ToString() => _wholeType ? $"every {typeof(T).Name} ({T.Topic})" : $"{typeof(T).Name} {Subscription}";
}
