using System;
using System.Threading;
using RequestReply;
using Samples;
using ZmqContracts;

// dotnet run --project samples/RequestReply -- server [endpoint] [--serializer msgpack|json|raw]          (default tcp://*:5555)
// dotnet run --project samples/RequestReply -- client [endpoint] [count] [--serializer msgpack|json|raw]  (default tcp://localhost:5555, 1)
var serializer = SampleArguments.TakeSerializer(ref args, "msgpack", "json", "raw");
switch (args.At(0, ""))
{
    case "server":
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var server = new MessagesServer(new MessagePrinter(), args.At(1, "tcp://*:5555"), new ZmqServerOptions { Serializer = serializer });
        server.Start();
        Console.WriteLine($"Serving on {server.Endpoint} ({serializer.Name}); Ctrl+C stops.");
        await server.RunAsync(stop.Token);
        return 0;
    }

    case "client":
    {
        var options = new ZmqClientOptions { Serializer = serializer, RequestTimeout = TimeSpan.FromSeconds(5) };
        await using var client = new MessagesClient(args.At(1, "tcp://localhost:5555"), options);
        for (var i = 0; i < int.Parse(args.At(2, "1")); i++)
        {
            Console.WriteLine(await client.Send("A message"));
        }

        return 0;
    }

    default:
        Console.Error.WriteLine("usage: RequestReply server [endpoint] | client [endpoint] [count]   [--serializer msgpack|json|raw]");
        return 2;
}
