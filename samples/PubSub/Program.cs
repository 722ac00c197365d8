using System;
using System.Threading;
using PubSubSample;
using Samples;

// The typed version of the classic pyzmq trio (zmq_server.py, zmq_client1.py, zmq_client2.py), and a price ticker.
// Every command takes --serializer msgpack|json (default msgpack), so that samples/python's pub.py and sub.py can be its peers.
//   dotnet run -- publisher [endpoint] [rounds]                    binds tcp://*:5555, waits for a client1 and a client2 subscriber, publishes
//   dotnet run -- subscriber client1|client2 [endpoint] [count]   connects to tcp://localhost:5555, prints what it receives
//   dotnet run -- ticker [symbol] [quotes]                         a template: publishes quotes of several symbols, prints those of one
var serializer = SampleArguments.TakeSerializer(ref args, "msgpack", "json");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return args.At(0, "") switch
    {
        "publisher" => await PublisherCommand.RunAsync(args.At(1, "tcp://*:5555"), int.Parse(args.At(2, "10")), serializer, stop.Token),
        "subscriber" when args.Length > 1 => await SubscriberCommand.RunAsync(args[1], args.At(2, "tcp://localhost:5555"), int.Parse(args.At(3, "10")), serializer, stop.Token),
        "ticker" => await TickerCommand.RunAsync(args.At(1, "MSFT"), int.Parse(args.At(2, "30")), serializer, stop.Token),
        _ => Usage(),
    };
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopped.");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("usage: publisher [endpoint] [rounds] | subscriber client1|client2 [endpoint] [count] | ticker [symbol] [quotes]   [--serializer msgpack|json]");
    return 2;
}
