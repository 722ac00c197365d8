using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;

namespace Aot;

public sealed class OrderDesk : IOrderDesk
{
    private readonly ConcurrentDictionary<int, Order> _orders = new();

    public Task<Receipt> Place(Order order, CancellationToken cancellationToken)
    {
        _orders[order.Id] = order;
        return Task.FromResult(new Receipt(order.Id, order.Lines.Sum(line => line.Quantity * line.Price), order.Priority, InvoiceOf(order.Id)));
    }

    /// <summary>An invoice number of 31 digits: 10^30 plus the order's id.</summary>
    public static BigInteger InvoiceOf(int orderId) => BigInteger.Pow(10, 30) + orderId;

    public Task<Order?> Find(int id, CancellationToken cancellationToken) => Task.FromResult(_orders.GetValueOrDefault(id));

    public Task<(int Lines, decimal Total)> Totals(int id, CancellationToken cancellationToken) =>
        Task.FromResult(_orders.TryGetValue(id, out var order) ? (order.Lines.Count, order.Lines.Sum(line => line.Quantity * line.Price)) : (0, 0m));
}

public sealed class Tracking : ITracking
{
    public Task<Position> Locate(TrackingQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(new Position(query.OrderId, "Rotterdam", query.WithHistory ? ["Leeds", "Hull"] : null));
}

public sealed class Depots : IDepots
{
    public Task<Position> Nearest(TrackingQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(new Position(query.OrderId, "Hull", null));
}

public sealed class Packer : IPacking
{
    public ValueTask<Parcel> Pack(Order order, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Parcel(order.Id, order.Lines.Sum(line => line.Quantity), [.. order.Lines.Select(line => $"{line.Sku} x{line.Quantity}")]));
}
