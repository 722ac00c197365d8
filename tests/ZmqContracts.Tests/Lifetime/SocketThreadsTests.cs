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

/// <summary>Endpoint objects share the socket threads (<see cref="ZmqSocketThreads"/>): making more of them makes no more threads.</summary>
[Collection(nameof(ThreadCounting))]
public class SocketThreadsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_clients_five_servers_and_five_subscribers_run_on_the_shared_socket_threads()
    {
        // NetMQ's I/O threads and the shared socket threads run while an endpoint does.
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
            output.WriteLine($"threads: {before.Total} before, {after.Total} with 30 more endpoint objects ({after.Pool - before.Pool} of them thread-pool threads); socket threads: {ZmqSocketThreads.Count}");
            Assert.True(added <= 2, $"30 endpoint objects added {added} threads besides the thread pool's; they should share the {ZmqSocketThreads.Count} socket threads");
        }
        finally
        {
            foreach (var endpoint in endpoints)
            {
                await endpoint.DisposeAsync().AsTask().Bound();
            }
        }
    }

    [Fact]
    public async Task The_socket_threads_stop_with_the_last_endpoint_and_start_again_with_the_next()
    {
        var before = Threads();
        await using (var server = new ShapesServer(new Shapes(), Loopback.AnyPort).Started())
        await using (var client = new ShapesClient(server.Endpoint))
        {
            await client.Ping().Bound();
            var during = Threads();
            Assert.True(during.Total - during.Pool >= before.Total - before.Pool + ZmqSocketThreads.Count, $"{during.Total - during.Pool} threads besides the pool's while endpoints run, against {before.Total - before.Pool} before");
        }

        var after = Threads();
        output.WriteLine($"threads: {before.Total} before, {after.Total} after the last endpoint was disposed");
        Assert.True(after.Total - after.Pool <= before.Total - before.Pool, $"{after.Total - after.Pool} threads besides the pool's remain, against {before.Total - before.Pool} before");

        await using var again = new ShapesServer(new Shapes(), Loopback.AnyPort).Started();
        await using var caller = new ShapesClient(again.Endpoint);
        await caller.Ping().Bound();
    }

    private static (int Total, int Pool) Threads()
    {
        using var process = Process.GetCurrentProcess();
        return (process.Threads.Count, ThreadPool.ThreadCount);
    }
}
