using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts;

// worker <broker endpoint> <name>: serves ITopology through the broker until killed.
// client <broker endpoint> <calls> <callers>: makes that many idempotent calls through the broker, that many at once,
// prints "call <n> served by <worker> in <ms> ms" for each, then "completed <calls> calls".
// traced-server <endpoint> direct|broker: serves ITopology, bound to the endpoint or through the broker there, with
// an ActivityListener on ZmqContracts; prints "serving <endpoint>", then "server span <trace id> <parent span id>" for
// each request it served, for the telemetry tests (tests/ZmqContracts.Tests/Telemetry).
// cleanup-under call|worker: calls NetMQConfig.Cleanup, which ends NetMQ for the whole process, while a call through a
// broker with no worker is in flight, or while a server serves through a broker; prints "call ended <exception type>"
// once the call has failed, or "worker link ended" once the server has logged that its link to the broker ended
// (tests/ZmqContracts.Tests/Lifetime/NetMQCleanupTests.cs). The endpoints are left undisposed: NetMQ ended under them.
// cleanup-then-dispose <endpoint where nothing listens>: makes one endpoint of every kind, started, those that connect
// connecting where nothing listens; calls NetMQConfig.Cleanup, then disposes each, printing "disposed <type>" or
// "<type> threw <exception type>".
// socket-limit-dispose: with NetMQConfig.MaxSockets at 16, binds a server, makes sockets until NetMQ refuses one, then
// disposes the server twice, printing "disposed" or "threw <exception type>" each time, and "port free" or "port held"
// for the port it bound, before the sockets are disposed.
// socket-limit-constructors <endpoint where nothing listens>: with NetMQConfig.MaxSockets at 32, makes each kind of
// endpoint that takes more than one socket with room for fewer sockets than it takes, then frees the room again; prints
// "<kind> with room for <n>: <exception type>, <count> left open" with the number of NetMQ's sockets still open once
// NetMQ has reaped what was disposed (up to 10 s), and "message <text>" for the first.
// inline-completions: run with DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=1, where one event thread of the runtime's socket
// engine waits on every socket (and, with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, runs every socket's completions
// itself, as it runs a client's and a server's reads by default). Calls a server whose handlers run on its socket thread
// (HandleOnSocketThread), and whose handler blocks until a plain .NET socket's receive has completed, then a default
// server; prints "<server>: <the handler's answer>" for each: "the event thread went on", or "the event thread was held"
// once the handler gave up waiting (5 s); then "its caller: <answer>" for the same wait where the call resumed its caller.
// The other waits have no bound of their own: the tests bound each line and the whole process (Within.Timeout), and kill
// it when they fail, so that a wait cut short cannot print what the awaited outcome would have printed.
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
    case ["inline-completions"]:
        foreach (var handleOnSocketThread in new[] { true, false })
        {
            await using var server = new EventThreadServer(new EventThread(), "tcp://127.0.0.1:*", new ZmqServerOptions { HandleOnSocketThread = handleOnSocketThread });
            server.Start();
            await using var client = new EventThreadClient(server.Endpoint);
            Console.WriteLine($"{(handleOnSocketThread ? "on the socket thread" : "default")}: {await client.Blocks()}");

            // Where the call's task resumes its caller: the thread the client completes it on.
            Console.WriteLine($"its caller: {await new EventThread().Blocks()}");
        }

        return 0;
    case ["cleanup-under", var what and ("call" or "worker")]:
    {
        var broker = new ZmqBroker("tcp://127.0.0.1:*", new ZmqBrokerOptions { HeartbeatInterval = heartbeat });
        broker.Start();
        if (what == "call")
        {
            var client = new TopologyClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true, RequestTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 1 });
            var call = client.Where(1);
            NetMQConfig.Cleanup(block: false);
            var failure = await Record(call);
            Console.WriteLine($"call ended {failure?.GetType().Name}");
        }
        else
        {
            var linkEnded = new EventLogger("WorkerLinkTerminated");
            var server = new TopologyServer(new Topology("w"), broker.Endpoint, new ZmqServerOptions { ViaBroker = true, HeartbeatInterval = heartbeat, Logger = linkEnded });
            server.Start();
            NetMQConfig.Cleanup(block: false);
            await linkEnded.Logged;
            Console.WriteLine("worker link ended");
        }

        return 0;
    }

    case ["cleanup-then-dispose", var nowhere]:
    {
        const string Any = "tcp://127.0.0.1:*";
        var server = new TopologyServer(new Topology("direct"), Any);
        var brokered = new TopologyServer(new Topology("brokered"), nowhere, new ZmqServerOptions { ViaBroker = true });
        var worker = new StageWorker(new Stage(), nowhere, nowhere);
        var broker = new ZmqBroker(Any);
        var proxy = new ZmqPubSubProxy(Any, Any);
        var relay = new ZmqPipelineRelay(Any, Any);
        IAsyncDisposable[] endpoints =
        [
            new TopologyClient(nowhere),
            new TopologyClient(nowhere, new ZmqClientOptions { ViaBroker = true }),
            new ZmqSubscriber(nowhere),
            new StageProducer(Any, new ZmqProducerOptions { AcknowledgementEndpoint = nowhere }),
            new StageCollector(Any, new ZmqCollectorOptions { AcknowledgementEndpoint = Any }),
            new ZmqPublisher(Any),
            server, brokered, worker, broker, proxy, relay,
        ];
        server.Start();
        brokered.Start();
        worker.Start();
        broker.Start();
        proxy.Start();
        relay.Start();
        NetMQConfig.Cleanup(block: false);
        foreach (var endpoint in endpoints)
        {
            var failure = await Record(endpoint.DisposeAsync().AsTask());
            Console.WriteLine(failure is null ? $"disposed {endpoint.GetType().Name}" : $"{endpoint.GetType().Name} threw {failure.GetType().Name}");
        }

        return 0;
    }

    case ["socket-limit-dispose"]:
    {
        NetMQConfig.MaxSockets = 16;
        var server = new TopologyServer(new Topology("full"), "tcp://127.0.0.1:*");
        server.Start();
        var port = int.Parse(server.Endpoint[(server.Endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var fillers = FillSockets(int.MaxValue);
        for (var time = 0; time < 2; time++)
        {
            var failure = await Record(server.DisposeAsync().AsTask());
            Console.WriteLine(failure is null ? "disposed" : $"threw {failure.GetType().Name}");
        }

        Console.WriteLine(IsFree(port) ? "port free" : "port held");
        fillers.ForEach(filler => filler.Dispose());
        return 0;
    }

    case ["socket-limit-constructors", var nowhere]:
    {
        const int MaxSockets = 32;
        const string Any = "tcp://127.0.0.1:*";
        NetMQConfig.MaxSockets = MaxSockets;
        (string Kind, int Room, Func<IAsyncDisposable> Make)[] cases =
        [
            ("client", 0, () => new TopologyClient(nowhere)),
            ("client", 1, () => new TopologyClient(nowhere)),
            ("client", 2, () => new TopologyClient(nowhere)),
            ("worker", 1, () => new StageWorker(new Stage(), nowhere, nowhere)),
            ("proxy", 1, () => new ZmqPubSubProxy(Any, Any)),
            ("relay", 1, () => new ZmqPipelineRelay(Any, Any)),
            ("producer", 1, () => new StageProducer(Any, new ZmqProducerOptions { AcknowledgementEndpoint = nowhere })),
            ("collector", 1, () => new StageCollector(Any, new ZmqCollectorOptions { AcknowledgementEndpoint = Any })),
        ];
        string? firstMessage = null;
        var open = await OpenSocketsOnceReaped(0);
        foreach (var (kind, room, make) in cases)
        {
            var fillers = FillSockets(MaxSockets - open - room);
            Exception? failure = null;
            try
            {
                await make().DisposeAsync();
            }
            catch (Exception exception)
            {
                failure = exception;
                firstMessage ??= exception.Message;
            }

            fillers.ForEach(filler => filler.Dispose());
            var left = await OpenSocketsOnceReaped(open);
            Console.WriteLine($"{kind} with room for {room}: {failure?.GetType().Name ?? "made"}, {left - open} left open");
            open = left;
        }

        Console.WriteLine($"message {firstMessage}");
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: TopologyPeer worker <broker endpoint> <name> | client <broker endpoint> <calls> <callers> | traced-server <endpoint> direct|broker | cleanup-under call|worker | cleanup-then-dispose <endpoint> | socket-limit-dispose | socket-limit-constructors <endpoint>");
        return 2;
}

// The exception that ends the task, if any: with no bound of its own, so that a TimeoutException is the task's.
static async Task<Exception?> Record(Task task)
{
    try
    {
        await task;
        return null;
    }
    catch (Exception exception)
    {
        return exception;
    }
}

// Makes sockets until NetMQ refuses one or there are as many as asked for.
static List<PairSocket> FillSockets(int count)
{
    var fillers = new List<PairSocket>();
    try
    {
        while (fillers.Count < count)
        {
            fillers.Add(new PairSocket());
        }
    }
    catch (NetMQException exception) when (exception.ErrorCode == ErrorCode.TooManyOpenSockets)
    {
    }

    return fillers;
}

// How many of NetMQ's sockets are open once its reaper has freed those disposed, down to `expected`, within 10 s. NetMQ
// tells no one how many are open, nor when its reaper has freed a socket: its context's list of them (NetMQ 4.0.4.5,
// Ctx.m_sockets) is read until it is down to `expected`, the one wait here with a bound of its own, since running out
// prints the count, which the test reports as sockets left open (reaping takes milliseconds, even on a loaded machine).
static async Task<int> OpenSocketsOnceReaped(int expected)
{
    var context = typeof(NetMQConfig).GetProperty("Context", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
    var sockets = (ICollection)context.GetType().GetField("m_sockets", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(context)!;
    var clock = Stopwatch.StartNew();
    while (sockets.Count > expected && clock.Elapsed < TimeSpan.FromSeconds(10))
    {
        await Task.Delay(10);
    }

    return sockets.Count;
}

static bool IsFree(int port)
{
    var listener = new TcpListener(IPAddress.Loopback, port);
    try
    {
        listener.Start();
        return true;
    }
    catch (SocketException)
    {
        return false;
    }
    finally
    {
        listener.Stop();
    }
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

[Reply]
public interface IEventThread
{
    /// <summary>Blocks until a plain .NET socket's receive, made and fed here, has completed; says whether it did.</summary>
    Task<string> Blocks();
}

/// <summary>
/// A handler that blocks its thread until the runtime's socket engine has completed another socket's receive: on the
/// engine's own event thread, the only one with DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT=1, it waits in vain.
/// </summary>
public sealed class EventThread : IEventThread
{
    public Task<string> Blocks()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        sender.Connect(listener.LocalEndPoint!);
        using var receiver = listener.Accept();
        using var completed = new ManualResetEventSlim();
        _ = receiver.ReceiveAsync(new byte[1], SocketFlags.None).ContinueWith(_ => completed.Set(), TaskScheduler.Default);
        sender.Send([1]);
        return Task.FromResult(completed.Wait(TimeSpan.FromSeconds(5)) ? "the event thread went on" : "the event thread was held");
    }
}

[Pipeline]
public interface IStage
{
    ValueTask<int> Square(int n, CancellationToken cancellationToken = default);
}

public sealed class Stage : IStage
{
    public ValueTask<int> Square(int n, CancellationToken cancellationToken = default) => ValueTask.FromResult(n * n);
}

/// <summary>A logger that completes <see cref="Logged"/> once an entry with the event name <paramref name="eventName"/> is logged.</summary>
public sealed class EventLogger(string eventName) : ILogger
{
    private readonly TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Logged => _logged.Task;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name == eventName)
        {
            _logged.TrySetResult();
        }
    }
}
