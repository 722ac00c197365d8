using System.Threading;

namespace ZmqContracts;

/// <summary>What a <see cref="ZmqSubscriber"/> has received and what became of it, counted since it was created. Thread-safe.</summary>
public sealed class ZmqSubscriberStatistics
{
    private long _received;
    private long _delivered;
    private long _unmatched;
    private long _malformed;
    private long _undeserializable;
    private long _handlerFailures;
    private long _missed;
    private long _unnumbered;

    /// <summary>Messages read from the socket, of any shape, the protocol's own markers included.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages an enumeration handed to its consumer, counted once per enumeration.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>
    /// Messages whose topic no enumeration wanted: ZeroMQ matched a prefix, the exact topic did not match (a subscriber
    /// of <c>client1</c> receiving <c>client10</c>), or the enumeration ended while the message was on its way; and the
    /// markers of other subscribers of a publisher in Wait mode, which a subscription whose prefix starts theirs (an empty
    /// one, say) takes in.
    /// </summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Messages without the two frames <c>[topic][payload]</c>; dropped and logged.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Payloads the serializer could not read as the enumeration's type; skipped and logged.</summary>
    public long Undeserializable => Interlocked.Read(ref _undeserializable);

    /// <summary>Handlers of <see cref="ZmqSubscriber.ConsumeAsync{T}(System.Func{T, CancellationToken, System.Threading.Tasks.ValueTask}, CancellationToken)"/> that threw; logged.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>
    /// Messages the publishers numbered that never arrived: dropped at a publisher past a high-water mark, or published
    /// while a connection was down. Each gap is also reported by <see cref="ZmqSubscriber.MessagesMissed"/> and logged.
    /// Messages lost at the very end of a stream, with nothing after them, cannot be seen. Only the gaps of topics some
    /// enumeration takes count: a topic that ZeroMQ's prefix match lets in, and that nobody reads
    /// (<see cref="Unmatched"/>), is nobody's loss.
    /// </summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>
    /// Messages <c>[topic][payload]</c> of a topic some enumeration takes, without a valid position frame, whose loss could
    /// not be detected: what a pyzmq publisher (or any peer that does not number its messages) sends, or a third frame
    /// that is not a position.
    /// </summary>
    public long Unnumbered => Interlocked.Read(ref _unnumbered);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);

    internal void CountUnmatched() => Interlocked.Increment(ref _unmatched);

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);

    internal void CountUndeserializable() => Interlocked.Increment(ref _undeserializable);

    internal void CountHandlerFailure() => Interlocked.Increment(ref _handlerFailures);

    internal void CountUnnumbered() => Interlocked.Increment(ref _unnumbered);

    /// <summary>Adds <paramref name="missed"/>, stopping at <see cref="long.MaxValue"/>: a hostile peer's numbers must not wrap the count; also counted on <c>zmqcontracts.subscriber.missed_messages</c>.</summary>
    internal void CountMissed(long missed)
    {
        long before, after;
        do
        {
            before = Interlocked.Read(ref _missed);
            after = before > long.MaxValue - missed ? long.MaxValue : before + missed;
        }
        while (Interlocked.CompareExchange(ref _missed, after, before) != before);

        if (Instrumentation.MissedMessages.Enabled)
        {
            // Tagged with the system only: a topic may be one of a template's many, too many for a metric's tags.
            Instrumentation.Add(Instrumentation.MissedMessages, missed, Instrumentation.SystemOnly);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"received {Received}, delivered {Delivered}, unmatched {Unmatched}, malformed {Malformed}, undeserializable {Undeserializable}, handler failures {HandlerFailures}, missed {Missed}, unnumbered {Unnumbered}";
}
