using System;
using System.Collections.Generic;
using System.Linq;

namespace ZmqContracts.Runtime;

/// <summary>
/// What a collector remembers to deliver each acknowledged item once: per producer, a floor below which every item is
/// done (the higher of the producer's own floor and the collector's run of delivered items from it) and the set of
/// delivered sequence numbers above it. A producer keeps its items within <see cref="ZmqProducerOptions.MaxPendingItemsLimit"/>
/// of its floor, so its set stays within that. Whatever peers send (ids of invented producers, floors that never rise),
/// at most <see cref="MaxProducers"/> producers and <see cref="MaxRemembered"/> numbers in all are remembered, the
/// producer seen longest ago forgotten first. Used under the collector socket's lock only.
/// </summary>
internal sealed class DeliveredItems
{
    public const int MaxProducers = 1024;

    /// <summary>How many sequence numbers above their floors all producers together may have remembered.</summary>
    public const int MaxRemembered = ZmqProducerOptions.MaxPendingItemsLimit;

    private readonly Dictionary<Guid, Producer> _producers = new();
    private long _clock;

    /// <summary>How many sequence numbers the producers' sets hold in all.</summary>
    public int Remembered { get; private set; }

    /// <summary>True when <paramref name="id"/> is new (and is now remembered); false for a duplicate.</summary>
    public bool TryDeliver(ItemId id)
    {
        var producer = Find(id.Producer);
        producer.LastSeen = ++_clock;
        if (id.Floor > producer.Floor)
        {
            Remembered -= producer.RaiseFloor(id.Floor);
        }

        if (id.Sequence < producer.Floor || producer.Above.Contains(id.Sequence))
        {
            return false;
        }

        // The next one in order, as most are: the floor rises past it, and past those above it, without remembering it.
        if (id.Sequence == producer.Floor)
        {
            producer.Floor++;
            while (producer.Above.Remove(producer.Floor))
            {
                producer.Floor++;
                Remembered--;
            }

            return true;
        }

        // Past the limit only a producer that ignores its own window sends: deliver, but do not remember.
        if (producer.Above.Count < ZmqProducerOptions.MaxPendingItemsLimit)
        {
            producer.Above.Add(id.Sequence);
            Remembered++;
            if (Remembered > MaxRemembered)
            {
                ForgetOthersThan(producer);
            }
        }

        return true;
    }

    /// <summary>Forgets the producers heard from longest ago, <paramref name="kept"/> aside, until the numbers remembered fit the budget.</summary>
    private void ForgetOthersThan(Producer kept)
    {
        while (Remembered > MaxRemembered)
        {
            Forget(_producers.Where(entry => entry.Value != kept).MinBy(entry => entry.Value.LastSeen).Key);
        }
    }

    private Producer Find(Guid identity)
    {
        if (_producers.TryGetValue(identity, out var producer))
        {
            return producer;
        }

        if (_producers.Count >= MaxProducers)
        {
            Forget(_producers.MinBy(entry => entry.Value.LastSeen).Key);
        }

        return _producers[identity] = new Producer();
    }

    private void Forget(Guid identity)
    {
        if (_producers.Remove(identity, out var producer))
        {
            Remembered -= producer.Above.Count;
        }
    }

    private sealed class Producer
    {
        public long Floor { get; set; } = long.MinValue;

        public HashSet<long> Above { get; } = new();

        public long LastSeen { get; set; }

        /// <summary>
        /// Forgets the numbers below <paramref name="floor"/>: one by one when they are fewer than those remembered, else in
        /// one sweep. Returns how many were forgotten.
        /// </summary>
        public int RaiseFloor(long floor)
        {
            var before = Above.Count;
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
            return before - Above.Count;
        }
    }
}
