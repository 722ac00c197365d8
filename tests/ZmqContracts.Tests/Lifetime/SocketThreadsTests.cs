using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>Runs alone: it counts the process's threads, which tests running beside it would change.</summary>
[CollectionDefinition(nameof(ThreadCounting), DisableParallelization = true)]
public sealed class ThreadCounting;

/// <summary>
/// Endpoint objects own no thread: the runtime's socket engine waits for their sockets, and the thread pool reads them
/// (docs/architecture.md, "Threads"). Making more of them makes no more threads.
/// </summary>
[Collection(nameof(ThreadCounting))]
public class SocketThreadsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_clients_five_servers_and_five_subscribers_add_no_thread_besides_the_thread_pools()
    {
        // NetMQ's I/O threads run while an endpoint does.
        await using var running = new ShapesServer(new Shapes(), Loopback.AnyPort).Started();
        await using (var client = new ShapesClient(running.Endpoint))
        {
            await client.Ping().Bound();
        }

        var before = Threads();
        var endpoints = new List<IAsyncDisposable>();
        try
        {
            var servers = Enumerable.Range(0, 5).Select(_ => new ShapesServer(new Shapes(), Loopback.AnyPort).Started()).ToList();
            endpoints.AddRange(servers);
            var clients = Enumerable.Range(0, 20).Select(i => new ShapesClient(servers[i % servers.Count].Endpoint)).ToList();
            endpoints.AddRange(clients);
            var publisher = new ZmqPublisher(Loopback.AnyPort);
            endpoints.Add(publisher);
            endpoints.AddRange(Enumerable.Range(0, 5).Select(_ => new ZmqSubscriber(publisher.Endpoint)));
            await Task.WhenAll(clients.Select(client => client.Echo("running"))).Bound();

            var after = Threads();
            var added = after.Total - before.Total - (after.Pool - before.Pool);
            output.WriteLine($"threads: {before.Total} before, {after.Total} with 30 more endpoint objects ({after.Pool - before.Pool} of them thread-pool threads)");
            Assert.True(added <= 2, $"30 endpoint objects added {added} threads besides the thread pool's");
        }
        finally
        {
            foreach (var endpoint in endpoints)
            {
                await endpoint.DisposeAsync().AsTask().Bound();
            }
        }
    }

    private static (int Total, int Pool) Threads()
    {
        using var process = Process.GetCurrentProcess();
        return (process.Threads.Count, ThreadPool.ThreadCount);
    }
}
