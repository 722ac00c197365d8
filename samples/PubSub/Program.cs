using System;
using System.Threading;
using PubSubSample;

// The typed version of the classic pyzmq trio (zmq_server.py, zmq_client1.py, zmq_client2.py), and a price ticker.
//   dotnet run -- publisher [endpoint] [rounds]            binds tcp://*:5555, waits for a client1 and a client2 subscriber, publishes
//   dotnet run -- subscriber client1|client2 [endpoint] [count]   connects to tcp://localhost:5555, prints what it receives
//   dotnet run -- ticker [symbol] [quotes]                 a template: publishes quotes of several symbols, prints those of one
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

string Argument(int index, string fallback) => args.Length > index ? args[index] : fallback;

try
{
    return args.Length == 0 ? Usage() : args[0] switch
    {
        "publisher" => await PublisherCommand.RunAsync(Argument(1, "tcp://*:5555"), int.Parse(Argument(2, "10")), stop.Token),
        "subscriber" when args.Length > 1 => await SubscriberCommand.RunAsync(args[1], Argument(2, "tcp://localhost:5555"), int.Parse(Argument(3, "10")), stop.Token),
        "ticker" => await TickerCommand.RunAsync(Argument(1, "MSFT"), int.Parse(Argument(2, "30")), stop.Token),
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
    Console.Error.WriteLine("usage: publisher [endpoint] [rounds] | subscriber client1|client2 [endpoint] [count] | ticker [symbol] [quotes]");
    return 2;
}
