using System;
using System.Linq;
using Xunit;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>The collector's memory of delivered items stays bounded whatever ids its peers send.</summary>
public class DeliveredItemsTests
{
    [Fact]
    public void Forged_ids_whose_floors_never_rise_cost_at_most_the_shared_budget_and_the_latest_producer_is_still_deduplicated()
    {
        var delivered = new DeliveredItems();
        var producers = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var rounds = DeliveredItems.MaxRemembered / 2 + 1_000;

        // Every other sequence number, with the lowest floor there is: nothing can ever be forgotten below a floor.
        for (var round = 0; round < rounds; round++)
        {
            foreach (var producer in producers)
            {
                Assert.True(delivered.TryDeliver(new ItemId(producer, 2L * round, long.MinValue)));
            }
        }

        Assert.InRange(delivered.Remembered, 1, DeliveredItems.MaxRemembered);
        Assert.False(delivered.TryDeliver(new ItemId(producers[^1], 2L * (rounds - 1), long.MinValue)), "the producer heard from last forgot its newest item");
    }

    [Fact]
    public void Items_in_order_raise_the_floor_without_being_remembered_and_a_gap_filled_late_takes_the_floor_past_those_above_it()
    {
        var delivered = new DeliveredItems();
        var producer = Guid.NewGuid();
        for (var sequence = 0L; sequence < 100; sequence++)
        {
            Assert.True(delivered.TryDeliver(new ItemId(producer, sequence, 0)));
        }

        Assert.Equal(0, delivered.Remembered);
        Assert.False(delivered.TryDeliver(new ItemId(producer, 42, 0)));
        Assert.True(delivered.TryDeliver(new ItemId(producer, 101, 0)));
        Assert.True(delivered.TryDeliver(new ItemId(producer, 102, 0)));
        Assert.False(delivered.TryDeliver(new ItemId(producer, 102, 0)));
        Assert.Equal(2, delivered.Remembered);

        Assert.True(delivered.TryDeliver(new ItemId(producer, 100, 0)));
        Assert.Equal(0, delivered.Remembered);
        Assert.False(delivered.TryDeliver(new ItemId(producer, 101, 0)));
        Assert.True(delivered.TryDeliver(new ItemId(producer, 103, 0)));
    }
}
