using System;
using System.Threading;
using RequestReply;

// dotnet run --project samples/RequestReply -- server [endpoint]          (default tcp://*:5555)
// dotnet run --project samples/RequestReply -- client [endpoint] [count]  (default tcp://localhost:5555, 1)
var command = args.Length > 0 ? args[0] : "";
switch (command)
{
    case "server":
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var server = new MessagesServer(new MessagePrinter(), args.Length > 1 ? args[1] : "tcp://*:5555");
        server.Start();
        Console.WriteLine($"Serving on {server.Endpoint}; Ctrl+C stops.");
        await server.RunAsync(stop.Token);
        return 0;
    }

    case "client":
    {
        var endpoint = args.Length > 1 ? args[1] : "tcp://localhost:5555";
        var count = args.Length > 2 ? int.Parse(args[2]) : 1;
        await using var client = new MessagesClient(endpoint, new ZmqContracts.ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        for (var i = 0; i < count; i++)
        {
            Console.WriteLine(await client.Send("A message"));
        }

        return 0;
    }

    default:
        Console.Error.WriteLine("usage: RequestReply server [endpoint] | client [endpoint] [count]");
        return 2;
}
