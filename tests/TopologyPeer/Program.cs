using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

// worker <broker endpoint> <name>: serves ITopology through the broker until killed.
// client <broker endpoint> <calls> <callers>: makes that many idempotent calls through the broker, that many at once,
// prints "call <n> served by <worker> in <ms> ms" for each, then "completed <calls> calls".
var heartbeat = TimeSpan.FromMilliseconds(250);
switch (args)
{
    case ["worker", var endpoint, var name]:
        await using (var server = new TopologyServer(new Topology(name), endpoint, new ZmqServerOptions { ViaBroker = true, HeartbeatInterval = heartbeat }))
        {
            server.Start();
            Console.WriteLine($"worker {name} started");
            await server.RunAsync(CancellationToken.None);
        }

        return 0;
    case ["client", var endpoint, var calls, var callers]:
        await using (var client = new TopologyClient(endpoint, new ZmqClientOptions
        {
            ViaBroker = true,
            RequestTimeout = TimeSpan.FromSeconds(1),
            MaxAttempts = 20,
            RetryBackoff = TimeSpan.FromMilliseconds(50),
        }))
        {
            var next = 0;
            var total = int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture);
            await Task.WhenAll(Enumerable.Range(0, int.Parse(callers, System.Globalization.CultureInfo.InvariantCulture)).Select(async _ =>
            {
                for (var call = Interlocked.Increment(ref next); call <= total; call = Interlocked.Increment(ref next))
                {
                    var started = Stopwatch.GetTimestamp();
                    var worker = await client.Where(call);
                    Console.WriteLine($"call {call} served by {worker} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
                }
            }));
            Console.WriteLine($"completed {total} calls");
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: TopologyPeer worker <broker endpoint> <name> | client <broker endpoint> <calls> <callers>");
        return 2;
}

[Reply]
public interface ITopology
{
    /// <summary>Which worker served the call; safe to repeat.</summary>
    [Idempotent]
    Task<string> Where(int call);
}

public sealed class Topology(string name) : ITopology
{
    public async Task<string> Where(int call)
    {
        // Long enough that calls are in flight at a worker when its link goes down.
        await Task.Delay(20);
        return name;
    }
}
