using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

// worker <broker endpoint> <name>: serves ITopology through the broker until killed.
// client <broker endpoint> <calls> <callers>: makes that many idempotent calls through the broker, that many at once,
// prints "call <n> served by <worker> in <ms> ms" for each, then "completed <calls> calls".
// traced-server <endpoint> direct|broker: serves ITopology, bound to the endpoint or through the broker there, with
// an ActivityListener on ZmqContracts; prints "serving <endpoint>", then "server span <trace id> <parent span id>" for
// each request it served, for the telemetry tests (tests/ZmqContracts.Tests/Telemetry).
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
    case ["traced-server", var endpoint, var via and ("direct" or "broker")]:
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ZmqTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.Kind == ActivityKind.Server)
                {
                    Console.WriteLine($"server span {span.TraceId} {span.ParentSpanId}");
                }
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            await using var server = new TopologyServer(new Topology("traced"), endpoint, new ZmqServerOptions { ViaBroker = via == "broker" });
            server.Start();
            Console.WriteLine($"serving {server.Endpoint}");
            await server.RunAsync(CancellationToken.None);
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: TopologyPeer worker <broker endpoint> <name> | client <broker endpoint> <calls> <callers> | traced-server <endpoint> direct|broker");
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
