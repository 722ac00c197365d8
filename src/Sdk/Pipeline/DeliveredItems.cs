using System;
using System.Collections.Generic;
using System.Linq;

namespace ZmqContracts.Runtime;

/// <summary>
/// What a collector remembers to deliver each acknowledged item once: per producer, a floor below which every item is
/// done (the higher of the producer's own floor and the collector's run of delivered items from it) and the set of
/// delivered sequence numbers above it. A producer keeps its items within <see cref="ZmqProducerOptions.MaxPendingItemsLimit"/>
/// of its floor, so each set stays within that; at most <see cref="MaxProducers"/> producers are remembered, the one seen
/// longest ago forgotten first. Used on the collector's poller thread only.
/// </summary>
internal sealed class DeliveredItems
{
    public const int MaxProducers = 1024;

    private readonly Dictionary<Guid, Producer> _producers = new();
    private long _clock;

    /// <summary>True when <paramref name="id"/> is new (and is now remembered); false for a duplicate.</summary>
    public bool TryDeliver(ItemId id)
    {
        var producer = Find(id.Producer);
        producer.LastSeen = ++_clock;
        if (id.Floor > producer.Floor)
        {
            producer.Floor = id.Floor;
            producer.Above.RemoveWhere(sequence => sequence < id.Floor);
        }

        if (id.Sequence < producer.Floor || producer.Above.Contains(id.Sequence))
        {
            return false;
        }

        // Past the limit only a producer that ignores its own window sends: deliver, but do not remember.
        if (producer.Above.Count < ZmqProducerOptions.MaxPendingItemsLimit)
        {
            producer.Above.Add(id.Sequence);
            while (producer.Above.Remove(producer.Floor))
            {
                producer.Floor++;
            }
        }

        return true;
    }

    private Producer Find(Guid identity)
    {
        if (_producers.TryGetValue(identity, out var producer))
        {
            return producer;
        }

        if (_producers.Count >= MaxProducers)
        {
            _producers.Remove(_producers.MinBy(entry => entry.Value.LastSeen).Key);
        }

        return _producers[identity] = new Producer();
    }

    private sealed class Producer
    {
        public long Floor { get; set; } = long.MinValue;

        public HashSet<long> Above { get; } = new();

        public long LastSeen { get; set; }
    }
}
