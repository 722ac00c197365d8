using System;
using Quickstart;

// Request/reply: a server on a free loopback port, and a client calling it.
await using var server = new CalculatorServer(new Calculator(), "tcp://127.0.0.1:*");
server.Start();
Console.WriteLine($"Calculator server listening on {server.Endpoint}");

await using var client = new CalculatorClient(server.Endpoint);
var sum = await client.Add(new Operands(2, 3));
Console.WriteLine($"Add(2, 3) = {sum.Value}");
Console.WriteLine($"Negate(7) = {await client.Negate(7)}");
await client.Reset();
Console.WriteLine("Reset() done");

// Publish/subscribe: typed topics, exact matching, no sleeping for slow joiners.
await PubSubPart.RunAsync();

// Pipeline: a producer, three workers and a collector.
await PipelinePart.RunAsync();
