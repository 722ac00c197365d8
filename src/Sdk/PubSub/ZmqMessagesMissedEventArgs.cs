using System;

namespace ZmqContracts;

/// <summary>
/// Tells that a subscriber missed messages: the publisher numbered the messages of a topic, and some numbers never
/// arrived (they were dropped past a high-water mark, or published while the connection was down).
/// </summary>
/// <param name="publisher">The publisher's identity: 16 lowercase hex digits, new each time a publisher starts.</param>
/// <param name="topic">The topic whose messages were missed, as UTF-8 text, shortened to 64 characters and <c>…</c> when longer.</param>
/// <param name="expectedSequence">The number that should have come next.</param>
/// <param name="receivedSequence">The number that came instead.</param>
public sealed class ZmqMessagesMissedEventArgs(string publisher, string topic, long expectedSequence, long receivedSequence) : EventArgs
{
    /// <summary>The publisher's identity: 16 lowercase hex digits, new each time a publisher starts.</summary>
    public string Publisher { get; } = publisher;

    /// <summary>The topic whose messages were missed, as UTF-8 text, shortened to 64 characters and <c>…</c> when longer.</summary>
    public string Topic { get; } = topic;

    /// <summary>The number that should have come next: the first one missed.</summary>
    public long ExpectedSequence { get; } = expectedSequence;

    /// <summary>The number that came instead: the first one after the messages missed.</summary>
    public long ReceivedSequence { get; } = receivedSequence;

    /// <summary>How many messages were missed: <see cref="ReceivedSequence"/> − <see cref="ExpectedSequence"/>.</summary>
    public long Missed => ReceivedSequence - ExpectedSequence;

    /// <inheritdoc />
    public override string ToString() => $"missed {Missed} messages of {Topic} from publisher {Publisher} (#{ExpectedSequence} to #{ReceivedSequence - 1})";
}
