using System;
using System.Collections.Generic;

namespace ZmqContracts;

/// <summary>
/// The last sequence number of each stream, a stream being the messages of one topic from one publisher: what a
/// publisher numbers and a subscriber checks. Bounded: past its capacity the stream used least recently is forgotten,
/// so that neither many topics nor a hostile peer inventing publishers can make it grow without end. Used on one
/// thread only (the socket's).
/// </summary>
/// <param name="capacity">How many streams it holds at most.</param>
internal sealed class SequenceTable(int capacity)
{
    private readonly Dictionary<(ulong Publisher, int TopicHash), Stream> _streams = [];
    private readonly LinkedList<Stream> _byLastUse = [];

    /// <summary>The stream used last, which is already last in <see cref="_byLastUse"/>: a run of one topic skips the lookup.</summary>
    private Stream? _last;

    /// <summary>The stream of <paramref name="topic"/> from <paramref name="publisher"/>; a new one, whose <see cref="Stream.Sequence"/> is 0, when it is not known.</summary>
    public Stream Get(ulong publisher, ReadOnlySpan<byte> topic)
    {
        if (_last is { } last && last.Publisher == publisher && last.Topic.AsSpan().SequenceEqual(topic))
        {
            return last;
        }

        _last = Find(publisher, topic);
        return _last;
    }

    private Stream Find(ulong publisher, ReadOnlySpan<byte> topic)
    {
        var key = (publisher, HashOf(topic));
        _streams.TryGetValue(key, out var first);
        for (var stream = first; stream is not null; stream = stream.NextWithSameKey)
        {
            if (stream.Topic.AsSpan().SequenceEqual(topic))
            {
                _byLastUse.Remove(stream.Node);
                _byLastUse.AddLast(stream.Node);
                return stream;
            }
        }

        if (_byLastUse.Count >= capacity)
        {
            Remove(_byLastUse.First!.Value);
            _streams.TryGetValue(key, out first);
        }

        var added = new Stream(publisher, topic.ToArray(), first);
        _streams[key] = added;
        _byLastUse.AddLast(added.Node);
        return added;
    }

    /// <summary>Forgets every stream whose topic starts with <paramref name="prefix"/>, of every publisher.</summary>
    public void ForgetTopicsStartingWith(ReadOnlySpan<byte> prefix)
    {
        for (var node = _byLastUse.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Topic.AsSpan().StartsWith(prefix))
            {
                Remove(node.Value);
            }

            node = next;
        }
    }

    private void Remove(Stream stream)
    {
        if (_last == stream)
        {
            _last = null;
        }

        _byLastUse.Remove(stream.Node);
        var key = (stream.Publisher, HashOf(stream.Topic));
        var first = _streams[key];
        if (first == stream)
        {
            if (stream.NextWithSameKey is null)
            {
                _streams.Remove(key);
            }
            else
            {
                _streams[key] = stream.NextWithSameKey;
            }

            return;
        }

        var previous = first;
        while (previous.NextWithSameKey != stream)
        {
            previous = previous.NextWithSameKey!;
        }

        previous.NextWithSameKey = stream.NextWithSameKey;
    }

    private static int HashOf(ReadOnlySpan<byte> topic)
    {
        var hash = new HashCode();
        hash.AddBytes(topic);
        return hash.ToHashCode();
    }

    public sealed class Stream
    {
        public Stream(ulong publisher, byte[] topic, Stream? nextWithSameKey)
        {
            Publisher = publisher;
            Topic = topic;
            NextWithSameKey = nextWithSameKey;
            Node = new LinkedListNode<Stream>(this);
        }

        public ulong Publisher { get; }

        public byte[] Topic { get; }

        /// <summary>The last sequence number of the stream; 0 before its first message.</summary>
        public long Sequence { get; set; }

        /// <summary>The next stream whose key (publisher and topic hash) is the same: hash collisions are chained.</summary>
        public Stream? NextWithSameKey { get; set; }

        public LinkedListNode<Stream> Node { get; }
    }
}
