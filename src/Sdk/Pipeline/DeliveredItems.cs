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

    /// <summary>
    /// True when <paramref name="id"/> is new (and is now remembered); false for a duplicate. Either way
    /// <paramref name="floor"/> is then the producer's floor here: every sequence number below it is done.
    /// </summary>
    public bool TryDeliver(ItemId id, out long floor)
    {
        var producer = Find(id.Producer);
        producer.LastSeen = ++_clock;
        if (id.Floor > producer.Floor)
        {
            producer.RaiseFloor(id.Floor);
        }

        var isNew = id.Sequence >= producer.Floor && !producer.Above.Contains(id.Sequence);

        // Past the limit only a producer that ignores its own window sends: deliver, but do not remember.
        if (isNew && producer.Above.Count < ZmqProducerOptions.MaxPendingItemsLimit)
        {
            producer.Above.Add(id.Sequence);
            while (producer.Above.Remove(producer.Floor))
            {
                producer.Floor++;
            }
        }

        floor = producer.Floor;
        return isNew;
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

        /// <summary>Forgets the numbers below <paramref name="floor"/>: one by one when they are fewer than those remembered, else in one sweep.</summary>
        public void RaiseFloor(long floor)
        {
            if ((ulong)(floor - Floor) < (ulong)Above.Count)
            {
                for (var sequence = Floor; sequence < floor; sequence++)
                {
                    Above.Remove(sequence);
                }
            }
            else
            {
                Above.RemoveWhere(sequence => sequence < floor);
            }

            Floor = floor;
        }
    }
}
