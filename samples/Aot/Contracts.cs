using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace Aot;

public enum Priority
{
    Normal,
    Rush,
}

public record Customer(string Name, IReadOnlyList<string> Emails);

public record Line(string Sku, int Quantity, decimal Price);

/// <summary>What crosses the wire: a nested record that may be null, a list, a dictionary, an enum and a nullable string.</summary>
public record Order(int Id, Customer? Customer, List<Line> Lines, Dictionary<string, int> Stock, Priority Priority, string? Note);

public record Receipt(int OrderId, decimal Total, Priority Priority);

public record Parcel(int OrderId, int Items, string[] Labels);

/// <summary>Request/reply: the generator writes OrderDeskClient and OrderDeskServer.</summary>
[Reply]
public interface IOrderDesk
{
    Task<Receipt> Place(Order order, CancellationToken cancellationToken);

    Task<Order?> Find(int id, CancellationToken cancellationToken);
}

/// <summary>Publish/subscribe: the generator makes the record an ITopicMessage.</summary>
[Topic("orders.shipped")]
public partial record Shipped(int OrderId, Priority Priority, List<Line> Lines, Dictionary<string, DateTimeOffset>? Stops, Customer? Customer);

/// <summary>Pipeline: the generator writes PackingProducer, PackingWorker and PackingCollector.</summary>
[Pipeline]
public interface IPacking
{
    ValueTask<Parcel> Pack(Order order, CancellationToken cancellationToken);
}
