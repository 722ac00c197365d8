using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text.Json.Serialization;
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

/// <summary>
/// What crosses the wire: a nested record that may be null, a list, a dictionary, an enum, a nullable string, and
/// nullables that MessagePack has no built-in formatter for (a <c>DateOnly?</c>, a <c>Half?</c>).
/// </summary>
public record Order(int Id, Customer? Customer, List<Line> Lines, Dictionary<string, int> Stock, Priority Priority, string? Note, DateOnly? Due, Half? Weight);

/// <summary>A receipt, its invoice number a <see cref="BigInteger"/> beyond a long's range, which the SDK's own formatter writes.</summary>
public record Receipt(int OrderId, decimal Total, Priority Priority, BigInteger Invoice);

public record Parcel(int OrderId, int Items, string[] Labels);

/// <summary>Request/reply: the generator writes OrderDeskClient and OrderDeskServer.</summary>
[Reply]
public interface IOrderDesk
{
    Task<Receipt> Place(Order order, CancellationToken cancellationToken);

    Task<Order?> Find(int id, CancellationToken cancellationToken);

    /// <summary>A tuple result: MessagePack's own tuple formatter, created by the generated resolver.</summary>
    Task<(int Lines, decimal Total)> Totals(int id, CancellationToken cancellationToken);
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

public record TrackingQuery(int OrderId, bool WithHistory);

public record Position(int OrderId, string Depot, List<string>? History);

/// <summary>What System.Text.Json may write for <see cref="ITracking"/>: its types, described at build time.</summary>
[JsonSerializable(typeof(TrackingQuery))]
[JsonSerializable(typeof(Position))]
internal partial class TrackingJsonContext : JsonSerializerContext;

/// <summary>Request/reply in JSON: the generated client and server use <see cref="TrackingJsonContext"/>, not reflection.</summary>
[Reply(Format = ZmqFormat.Json, JsonContext = typeof(TrackingJsonContext))]
public interface ITracking
{
    Task<Position> Locate(TrackingQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// Request/reply in JSON with the serializer in the endpoints' options rather than in the attribute: every endpoint of
/// the contract is made with <c>Serializer = new JsonZmqSerializer(TrackingJsonContext.Default)</c>, so the warning that
/// the attribute names no context (ZMQ0015) is suppressed here, and the generated code carries none of its own.
/// </summary>
#pragma warning disable ZMQ0015
[Reply(Format = ZmqFormat.Json)]
#pragma warning restore ZMQ0015
public interface IDepots
{
    Task<Position> Nearest(TrackingQuery query, CancellationToken cancellationToken);
}
