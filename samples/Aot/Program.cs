using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Aot;
using ZmqContracts;

// Runs request/reply (in MessagePack and in JSON), publish/subscribe and a pipeline over loopback, checks every result,
// and exits 0 only if all of them came back whole: as a native-AOT binary, this proves that no serializer needs code
// generated at run time.
using var timeLimit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
var token = timeLimit.Token;
var failures = new List<string>();
void Check(bool condition, string what)
{
    Console.WriteLine($"{(condition ? "ok  " : "FAIL")} {what}");
    if (!condition)
    {
        failures.Add(what);
    }
}

var order = new Order(
    42,
    new Customer("Ada", ["ada@example.org", "ada@work.example"]),
    [new Line("pen", 3, 1.5m), new Line("ink", 1, 7.25m)],
    new Dictionary<string, int> { ["pen"] = 97, ["ink"] = 12 },
    Priority.Rush,
    Note: null,
    Due: new DateOnly(2024, 3, 31),
    Weight: (Half)2.5);

await using (var server = new OrderDeskServer(new OrderDesk(), "tcp://127.0.0.1:*"))
{
    server.Start();
    await using var client = new OrderDeskClient(server.Endpoint);
    var receipt = await client.Place(order, token);
    Console.WriteLine($"first reply {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:0} ms after the process started");
    Check(receipt == new Receipt(42, 11.75m, Priority.Rush, OrderDesk.InvoiceOf(42)), $"request/reply: Place returned {receipt} (its invoice a BigInteger)");
    var found = await client.Find(42, token);
    Check(
        found is { Customer.Emails.Count: 2, Lines.Count: 2, Note: null } && found.Stock["ink"] == 12 && found.Lines.SequenceEqual(order.Lines)
            && found.Due == order.Due && found.Weight == order.Weight,
        "request/reply: Find returned the order whole (nested record, list, dictionary, enum, null, DateOnly?, Half?)");
    Check(await client.Find(7, token) is null, "request/reply: Find of an unknown order returned null");
    Check(await client.Totals(42, token) == (2, 11.75m), "request/reply: Totals returned a tuple");
}

await using (var server = new TrackingServer(new Tracking(), "tcp://127.0.0.1:*"))
{
    server.Start();
    await using var client = new TrackingClient(server.Endpoint);
    var position = await client.Locate(new TrackingQuery(42, WithHistory: true), token);
    Check(
        position is { OrderId: 42, Depot: "Rotterdam", History: ["Leeds", "Hull"] } && (await client.Locate(new TrackingQuery(7, false), token)).History is null,
        "request/reply in JSON: Locate returned the position through the JsonSerializerContext");
}

var trackingJson = new JsonZmqSerializer(TrackingJsonContext.Default);
await using (var server = new DepotsServer(new Depots(), "tcp://127.0.0.1:*", new ZmqServerOptions { Serializer = trackingJson }))
{
    server.Start();
    await using var client = new DepotsClient(server.Endpoint, new ZmqClientOptions { Serializer = trackingJson });
    Check(
        await client.Nearest(new TrackingQuery(42, WithHistory: false), token) is { OrderId: 42, Depot: "Hull", History: null },
        "request/reply in JSON: Nearest returned the position through the serializer its options name");
}

await using (var publisher = new ZmqPublisher("tcp://127.0.0.1:*"))
await using (var subscriber = new ZmqSubscriber(publisher.Endpoint))
{
    await using var messages = subscriber.Subscribe<Shipped>(token).GetAsyncEnumerator(token);
    var first = messages.MoveNextAsync();
    await publisher.WaitForSubscriberAsync<Shipped>(token);
    var shipped = new Shipped(42, Priority.Rush, order.Lines, new Dictionary<string, DateTimeOffset> { ["depot"] = DateTimeOffset.UnixEpoch }, null);
    await publisher.PublishAsync(shipped, token);
    Check(await first && messages.Current.Lines.SequenceEqual(order.Lines) && messages.Current.Stops!["depot"] == DateTimeOffset.UnixEpoch && messages.Current.Customer is null,
        "publish/subscribe: the subscriber received the message whole");
}

await using (var producer = new PackingProducer("tcp://127.0.0.1:*"))
await using (var collector = new PackingCollector("tcp://127.0.0.1:*"))
await using (var worker = new PackingWorker(new Packer(), producer.Endpoint, collector.Endpoint))
{
    worker.Start();
    await using var results = collector.ReadAllAsync(token).GetAsyncEnumerator(token);
    for (var id = 1; id <= 3; id++)
    {
        await producer.Pack(order with { Id = id }, token);
    }

    var parcels = new List<Parcel>();
    while (parcels.Count < 3 && await results.MoveNextAsync())
    {
        parcels.Add(results.Current);
    }

    Check(parcels.Count == 3 && parcels.All(parcel => parcel.Items == 4 && parcel.Labels.SequenceEqual(["pen x3", "ink x1"])),
        "pipeline: the collector received a parcel for each order");
}

Console.WriteLine(failures.Count == 0 ? "All patterns work." : $"{failures.Count} check(s) failed.");
return failures.Count == 0 ? 0 : 1;
