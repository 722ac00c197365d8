using System;
using System.Collections.Generic;
using System.Linq;

namespace ZmqContracts;

/// <summary>
/// The last sequence number of each stream, a stream being the messages of one topic from one publisher: what a
/// publisher numbers and a subscriber checks. Bounded in count and in bytes: past its capacity the stream used least
/// recently is forgotten, and a stream keeps a 64-bit hash of its topic and at most its first 64 bytes, so that neither
/// many topics nor a hostile peer inventing publishers and long topics can make it grow without end. Used on one
/// thread only (the socket's).
/// </summary>
/// <remarks>
/// Streams are told apart by the hash, seeded at random for each process: two topics of one publisher share a stream
/// only if their 64-bit hashes collide, which no peer can arrange and chance makes negligible (about 10⁻⁹ for 100,000 topics).
/// </remarks>
/// <param name="capacity">How many streams it holds at most.</param>
/// <param name="forgetsByPrefix">
/// Whether <see cref="ForgetTopicsStartingWith"/> is used (a subscriber's): the streams are then also kept in the order
/// of their topics, which costs a new stream a logarithmic insertion (a known stream's lookup costs nothing more), so
/// that forgetting a prefix costs what it forgets, not a walk through every stream.
/// </param>
internal sealed class SequenceTable(int capacity, bool forgetsByPrefix)
{
    /// <summary>How much of a topic a stream keeps: enough to tell which subscriptions cover it, not all of a long topic.</summary>
    private const int KeptTopicBytes = 64;

    private readonly Dictionary<(ulong Publisher, ulong TopicHash), Stream> _streams = [];
    private readonly LinkedList<Stream> _byLastUse = [];

    /// <summary>The streams ordered by the topic bytes they keep, when <c>forgetsByPrefix</c>: those a prefix covers lie together.</summary>
    private readonly SortedSet<Stream>? _byTopic = forgetsByPrefix ? new(TopicOrder.Instance) : null;

    /// <summary>The stream used last, which is already last in <see cref="_byLastUse"/>: a run of one topic skips the lookup.</summary>
    private Stream? _last;

    /// <summary>The stream of <paramref name="topic"/> from <paramref name="publisher"/>; a new one, whose <see cref="Stream.Sequence"/> is 0, when it is not known.</summary>
    public Stream Get(ulong publisher, ReadOnlySpan<byte> topic)
    {
        if (_last is { } last && last.Key.Publisher == publisher && last.IsWholly(topic))
        {
            return last;
        }

        _last = Find((publisher, HashOf(topic)), topic);
        return _last;
    }

    /// <summary>
    /// Forgets every stream whose topic may start with <paramref name="prefix"/>, of every publisher. Only the streams
    /// whose kept bytes start with the prefix's first <see cref="KeptTopicBytes"/> are looked at: the others sort before
    /// or after them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The table was made without <c>forgetsByPrefix</c>.</exception>
    public void ForgetTopicsStartingWith(ReadOnlySpan<byte> prefix)
    {
        if (_byTopic is null)
        {
            throw new InvalidOperationException("This sequence table was made without forgetsByPrefix: it keeps no order of topics to forget a prefix by.");
        }

        var kept = prefix[..Math.Min(prefix.Length, KeptTopicBytes)].ToArray();
        var first = new Stream((0, 0), kept, isTruncated: false);
        var last = new Stream((ulong.MaxValue, ulong.MaxValue), [.. kept, .. AfterEveryKeptTopic], isTruncated: false);
        var covered = new List<Stream>();
        foreach (var stream in _byTopic.GetViewBetween(first, last))
        {
            if (stream.MayStartWith(prefix))
            {
                covered.Add(stream);
            }
        }

        foreach (var stream in covered)
        {
            Remove(stream);
        }
    }

    /// <summary>Bytes that, after a prefix, sort after every topic a stream keeps that starts with it: more 0xFF bytes than a stream keeps.</summary>
    private static readonly byte[] AfterEveryKeptTopic = Enumerable.Repeat(byte.MaxValue, KeptTopicBytes + 1).ToArray();

    private Stream Find((ulong Publisher, ulong TopicHash) key, ReadOnlySpan<byte> topic)
    {
        if (_streams.TryGetValue(key, out var stream))
        {
            _byLastUse.Remove(stream.Node);
            _byLastUse.AddLast(stream.Node);
            return stream;
        }

        if (_byLastUse.Count >= capacity)
        {
            Remove(_byLastUse.First!.Value);
        }

        stream = new Stream(key, topic[..Math.Min(topic.Length, KeptTopicBytes)].ToArray(), isTruncated: topic.Length > KeptTopicBytes);
        _streams.Add(key, stream);
        _byLastUse.AddLast(stream.Node);
        _byTopic?.Add(stream);
        return stream;
    }

    private void Remove(Stream stream)
    {
        if (_last == stream)
        {
            _last = null;
        }

        _byLastUse.Remove(stream.Node);
        _streams.Remove(stream.Key);
        _byTopic?.Remove(stream);
    }

    /// <summary>Two 32-bit hashes of the topic, each seeded at random for the process, made one 64-bit hash.</summary>
    private static ulong HashOf(ReadOnlySpan<byte> topic)
    {
        var low = new HashCode();
        low.AddBytes(topic);
        var high = new HashCode();
        high.Add(topic.Length);
        high.AddBytes(topic);
        return ((ulong)(uint)high.ToHashCode() << 32) | (uint)low.ToHashCode();
    }

    public sealed class Stream
    {
        private readonly byte[] _topicStart;
        private readonly bool _isTruncated;

        public Stream((ulong Publisher, ulong TopicHash) key, byte[] topicStart, bool isTruncated)
        {
            Key = key;
            _topicStart = topicStart;
            _isTruncated = isTruncated;
            Node = new LinkedListNode<Stream>(this);
        }

        public (ulong Publisher, ulong TopicHash) Key { get; }

        /// <summary>The topic's first bytes, all of it unless it is longer than <see cref="KeptTopicBytes"/>.</summary>
        public ReadOnlySpan<byte> TopicStart => _topicStart;

        /// <summary>The last sequence number of the stream; 0 before its first message.</summary>
        public long Sequence { get; set; }

        public LinkedListNode<Stream> Node { get; }

        /// <summary>Whether the stream's topic, kept whole, is <paramref name="topic"/>; false for a topic too long to keep.</summary>
        public bool IsWholly(ReadOnlySpan<byte> topic) => !_isTruncated && topic.SequenceEqual(_topicStart);

        /// <summary>Whether the topic starts with <paramref name="prefix"/>: exactly, unless the prefix is longer than what is kept, when agreeing with it is enough.</summary>
        public bool MayStartWith(ReadOnlySpan<byte> prefix) =>
            _isTruncated && prefix.Length > _topicStart.Length ? prefix.StartsWith(_topicStart) : _topicStart.AsSpan().StartsWith(prefix);
    }

    /// <summary>Streams by their kept topic bytes, then by their key, which is unique: an order with no two streams equal.</summary>
    private sealed class TopicOrder : IComparer<Stream>
    {
        public static readonly TopicOrder Instance = new();

        public int Compare(Stream? x, Stream? y)
        {
            var byTopic = x!.TopicStart.SequenceCompareTo(y!.TopicStart);
            return byTopic != 0 ? byTopic : x.Key.CompareTo(y.Key);
        }
    }
}
