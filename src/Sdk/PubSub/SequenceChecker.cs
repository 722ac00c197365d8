using System;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace ZmqContracts;

/// <summary>
/// The subscriber's side of the numbering: follows each stream (one topic from one publisher) by the position frame of
/// its messages, and reports the numbers that never came. A stream's first message is where it starts, not a gap: a
/// subscriber that joins late, or a publisher that restarts (a new identity, so a new stream), has missed nothing it
/// could have had. Used under the socket's lock only.
/// </summary>
internal sealed class SequenceChecker(int capacity, ZmqSubscriberStatistics statistics, ILogger logger, Action<ZmqMessagesMissedEventArgs> reportMissed)
{
    private readonly SequenceTable _streams = new(capacity, forgetsByPrefix: true);

    /// <summary>
    /// Checks the position of a message on <paramref name="topic"/>: its third frame, empty when it has none; without a
    /// valid one it is counted as unnumbered. The stream is followed whether or not an enumeration takes the message, so
    /// that one that takes the topic again later sees no gap where it read nothing; only a message
    /// <paramref name="wanted"/> is counted, and its gap reported.
    /// </summary>
    public void Check(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> position, bool wanted)
    {
        if (!FlowFrames.TryReadPosition(position, out var publisher, out var sequence))
        {
            if (wanted)
            {
                statistics.CountUnnumbered();
            }

            return;
        }

        var stream = _streams.Get(publisher, topic);
        var last = stream.Sequence;
        stream.Sequence = sequence;
        if (last == 0 || sequence == last + 1 || !wanted)
        {
            return;
        }

        if (sequence <= last)
        {
            Log.StreamRestarted(logger, IdOf(publisher), FrameExtensions.Printable(topic), sequence, last);
            return;
        }

        var missed = new ZmqMessagesMissedEventArgs(IdOf(publisher), FrameExtensions.Printable(topic), last + 1, sequence);
        statistics.CountMissed(missed.Missed);
        Log.MessagesMissed(logger, missed.Missed, missed.Topic, missed.Publisher, missed.ExpectedSequence, missed.ReceivedSequence);
        reportMissed(missed);
    }

    /// <summary>Forgets the streams of the topics a new subscription to <paramref name="prefix"/> covers: what was published before it was not missed.</summary>
    public void StartAnew(ReadOnlySpan<byte> prefix) => _streams.ForgetTopicsStartingWith(prefix);

    /// <summary>The publisher id as it is on the wire, in hex.</summary>
    private static string IdOf(ulong publisher)
    {
        Span<byte> id = stackalloc byte[FlowFrames.IdLength];
        BinaryPrimitives.WriteUInt64LittleEndian(id, publisher);
        return Convert.ToHexString(id).ToLowerInvariant();
    }
}
