using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Aot;

public sealed class OrderDesk : IOrderDesk
{
    private readonly ConcurrentDictionary<int, Order> _orders = new();

    public Task<Receipt> Place(Order order, CancellationToken cancellationToken)
    {
        _orders[order.Id] = order;
        return Task.FromResult(new Receipt(order.Id, order.Lines.Sum(line => line.Quantity * line.Price), order.Priority));
    }

    public Task<Order?> Find(int id, CancellationToken cancellationToken) => Task.FromResult(_orders.GetValueOrDefault(id));
}

public sealed class Packer : IPacking
{
    public ValueTask<Parcel> Pack(Order order, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Parcel(order.Id, order.Lines.Sum(line => line.Quantity), [.. order.Lines.Select(line => $"{line.Sku} x{line.Quantity}")]));
}
