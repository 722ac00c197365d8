using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>The producer's window of items waiting for their acknowledgement, past the places it starts with.</summary>
public class AcknowledgementWindowTests
{
    private const int Capacity = 3_000;

    [Fact]
    public async Task Acknowledgements_out_of_order_raise_the_floor_only_past_the_oldest_and_a_full_window_holds_the_next_item()
    {
        var window = new AcknowledgementWindow(Capacity, "TestProducer");
        var ids = new List<ItemId>();
        for (var i = 0; i < Capacity; i++)
        {
            ids.Add((await AddAsync(window, TimeSpan.FromMinutes(1))).Id);
        }

        Assert.Equal(Enumerable.Range(0, Capacity).Select(sequence => (long)sequence), ids.Select(id => id.Sequence));
        Assert.All(ids, id => Assert.Equal(0, id.Floor));
        var waiting = AddAsync(window, TimeSpan.FromMinutes(1));
        Assert.False(waiting.IsCompleted, "a full window took an item");

        // 0 and every odd number: the floor rises to 2, where the oldest still waits, and makes room for two items.
        window.Acknowledge(0, Sequences(Enumerable.Range(0, Capacity).Where(sequence => sequence == 0 || sequence % 2 == 1)));
        var (item, id) = await waiting.WaitAsync(Within.Timeout);
        Assert.Equal((Capacity, 2), (id.Sequence, id.Floor));
        Assert.Equal(Capacity + 1, (await AddAsync(window, TimeSpan.FromMinutes(1))).Id.Sequence);
        var held = AddAsync(window, TimeSpan.FromMinutes(1));
        Assert.False(held.IsCompleted, "the window took more than its capacity above its floor");
        Assert.Equal(Capacity / 2 + 1, window.Count);

        // A floor acknowledges every number below it, and an unknown number nothing.
        window.Acknowledge(Capacity, Sequences([-1, Capacity + 5]));
        Assert.Equal(Capacity + 2, (await held.WaitAsync(Within.Timeout)).Id.Sequence);
        Assert.Equal(3, window.Count);
        Assert.Equal(Capacity, window.IdOf(item).Floor);
    }

    [Fact]
    public async Task Items_due_again_are_taken_in_sequence_order_and_those_acknowledged_are_not()
    {
        var window = new AcknowledgementWindow(Capacity, "TestProducer");
        for (var i = 0; i < Capacity; i++)
        {
            await AddAsync(window, TimeSpan.Zero);
        }

        window.Acknowledge(0, Sequences(Enumerable.Range(0, Capacity).Where(sequence => sequence % 3 != 2)));
        List<PendingItem> redeliver = [], abandoned = [];
        window.TakeDue(TimeSpan.FromMinutes(1), maxDeliveries: 3, redeliver, abandoned, out var suspect);

        Assert.Equal(Enumerable.Range(0, Capacity).Where(sequence => sequence % 3 == 2).Select(sequence => (long)sequence), redeliver.Select(item => item.Sequence));
        Assert.Empty(abandoned);
        Assert.Null(suspect);
    }

    [Fact]
    public async Task An_item_whose_first_delivery_is_not_on_its_way_yet_is_never_due_however_long_it_waits()
    {
        var window = new AcknowledgementWindow(Capacity, "TestProducer");
        var (waiting, _) = await window.AddAsync([], [1], CancellationToken.None);
        var (sent, _) = await AddAsync(window, TimeSpan.Zero);
        List<PendingItem> redeliver = [], abandoned = [];

        // The first send of the one may wait for room as long as it takes: sending it "again" first would send it twice,
        // or send it after its caller was told, by a cancellation, that it was not sent.
        window.TakeDue(TimeSpan.FromMinutes(1), maxDeliveries: 1, redeliver, abandoned, out var suspect);

        Assert.Empty(redeliver);
        Assert.Equal([sent], abandoned);
        Assert.Null(suspect);
        Assert.Equal(long.MaxValue, waiting.DueAt);
    }

    private static async Task<(PendingItem Item, ItemId Id)> AddAsync(AcknowledgementWindow window, TimeSpan deadline)
    {
        var added = await window.AddAsync([], [1], CancellationToken.None);
        window.Sent(added.Item, deadline);
        return added;
    }

    private static byte[] Sequences(IEnumerable<int> sequences)
    {
        var numbers = sequences.ToArray();
        var bytes = new byte[numbers.Length * 8];
        for (var i = 0; i < numbers.Length; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(i * 8), numbers[i]);
        }

        return bytes;
    }
}
