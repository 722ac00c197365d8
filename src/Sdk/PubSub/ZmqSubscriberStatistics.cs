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

    /// <summary>Messages read from the socket, of any shape, the protocol's own markers included.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages an enumeration handed to its consumer, counted once per enumeration.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>
    /// Messages whose topic no enumeration wanted: ZeroMQ matched a prefix, the exact topic did not match (a subscriber
    /// of <c>client1</c> receiving <c>client10</c>), or the enumeration ended while the message was on its way.
    /// </summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Messages without the two frames <c>[topic][payload]</c>; dropped and logged.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Payloads the serializer could not read as the enumeration's type; skipped and logged.</summary>
    public long Undeserializable => Interlocked.Read(ref _undeserializable);

    /// <summary>Handlers of <see cref="ZmqSubscriber.ConsumeAsync{T}(System.Func{T, CancellationToken, System.Threading.Tasks.ValueTask}, CancellationToken)"/> that threw; logged.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    internal void CountReceived() => Interlocked.Increment(ref _received);

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);

    internal void CountUnmatched() => Interlocked.Increment(ref _unmatched);

    internal void CountMalformed() => Interlocked.Increment(ref _malformed);

    internal void CountUndeserializable() => Interlocked.Increment(ref _undeserializable);

    internal void CountHandlerFailure() => Interlocked.Increment(ref _handlerFailures);

    /// <inheritdoc />
    public override string ToString() =>
        $"received {Received}, delivered {Delivered}, unmatched {Unmatched}, malformed {Malformed}, undeserializable {Undeserializable}, handler failures {HandlerFailures}";
}
