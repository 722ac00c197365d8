using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>
/// The lifecycle every endpoint type shares (<see cref="IZmqEndpoint"/>, docs/guide.md "Lifecycle"), proved once for all
/// of them: disposal frees the endpoint at once, <see cref="IZmqEndpoint.RunAsync"/> ends with disposal, disposal is
/// idempotent, calls after it name the public type, and a bad endpoint is reported the same way everywhere.
/// </summary>
public class LifecycleConformanceTests
{
    private const int Restarts = 50;

    [Theory]
    [MemberData(nameof(EndpointKind.Binding), MemberType = typeof(EndpointKind))]
    public Task Dispose_frees_the_endpoint_so_that_a_new_object_binds_it_at_once(string name) =>
        StartsAgainAndAgain(EndpointKind.Named(name), Loopback.FreeEndpoint());

    [IPv6Theory]
    [MemberData(nameof(EndpointKind.Binding), MemberType = typeof(EndpointKind))]
    public Task Dispose_frees_an_IPv6_endpoint_so_that_a_new_object_binds_it_at_once(string name) =>
        StartsAgainAndAgain(EndpointKind.Named(name), Loopback.FreeIPv6Endpoint());

    [Theory]
    [MemberData(nameof(EndpointKind.Binding), MemberType = typeof(EndpointKind))]
    public Task Dispose_frees_an_ipc_endpoint_so_that_a_new_object_binds_it_at_once(string name) =>
        StartsAgainAndAgain(EndpointKind.Named(name), Loopback.FreeIpcEndpoint());

    [Theory]
    [MemberData(nameof(EndpointKind.Every), MemberType = typeof(EndpointKind))]
    public async Task RunAsync_ends_when_the_object_is_disposed(string name)
    {
        var subject = await Started(EndpointKind.Named(name));
        var running = subject.RunAsync(CancellationToken.None);
        Assert.False(running.IsCompleted);

        await subject.DisposeAsync().AsTask().Bound();

        await running.Bound();
    }

    [Theory]
    [MemberData(nameof(EndpointKind.Every), MemberType = typeof(EndpointKind))]
    public async Task RunAsync_ends_when_cancelled_and_leaves_the_object_disposed(string name)
    {
        var kind = EndpointKind.Named(name);
        var subject = await Started(kind);
        using var stop = new CancellationTokenSource();
        var running = subject.RunAsync(stop.Token);

        stop.Cancel();
        await running.Bound();

        AssertNames(kind, Assert.Throws<ObjectDisposedException>(subject.Start));
    }

    [Theory]
    [MemberData(nameof(EndpointKind.Every), MemberType = typeof(EndpointKind))]
    public async Task RunAsync_after_dispose_throws_ObjectDisposedException(string name)
    {
        var kind = EndpointKind.Named(name);
        var subject = await Started(kind);
        await subject.DisposeAsync().AsTask().Bound();

        AssertNames(kind, await Assert.ThrowsAsync<ObjectDisposedException>(() => subject.RunAsync(CancellationToken.None)).Bound());
    }

    [Theory]
    [MemberData(nameof(EndpointKind.Every), MemberType = typeof(EndpointKind))]
    public async Task Disposing_twice_or_concurrently_is_harmless(string name)
    {
        var subject = await Started(EndpointKind.Named(name));

        var first = subject.DisposeAsync().AsTask();
        var second = subject.DisposeAsync().AsTask();
        await Task.WhenAll(first, second).Bound();
        await subject.DisposeAsync().AsTask().Bound();
    }

    [Theory]
    [MemberData(nameof(EndpointKind.Every), MemberType = typeof(EndpointKind))]
    public async Task Every_call_after_dispose_throws_ObjectDisposedException_naming_the_public_type(string name)
    {
        var kind = EndpointKind.Named(name);
        var subject = await Started(kind);
        await subject.DisposeAsync().AsTask().Bound();

        AssertNames(kind, Assert.Throws<ObjectDisposedException>(subject.Start));
        foreach (var use in kind.Uses)
        {
            AssertNames(kind, await Assert.ThrowsAsync<ObjectDisposedException>(() => use(subject)).Bound());
        }
    }

    [Fact]
    public async Task A_client_is_not_connected_once_disposed()
    {
        await using var server = new ShapesServer(new Shapes(), Loopback.AnyPort);
        server.Start();
        var client = new ShapesClient(server.Endpoint);
        await client.Connected().Bound();

        await client.DisposeAsync().AsTask().Bound();

        Assert.False(client.IsConnected);
    }

    public static TheoryData<string, string> BadEndpoints()
    {
        var cases = new TheoryData<string, string>();
        foreach (var name in EndpointKind.Every())
        {
            foreach (var endpoint in new[] { "localhost:5555", "tcp://localhost:abc", "tcp://no-such-host.invalid:5555" })
            {
                cases.Add(name, endpoint);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(BadEndpoints))]
    public async Task A_bad_endpoint_gets_a_ZmqException_naming_it_and_the_fix(string name, string endpoint)
    {
        var kind = EndpointKind.Named(name);

        var failure = await Assert.ThrowsAsync<ZmqException>(() => kind.StartAsync(endpoint)).Bound();

        Assert.Contains(kind.Name, failure.Message);
        Assert.Contains(endpoint, failure.Message);
        Assert.Matches("Write an endpoint as tcp://|Check the host name", failure.Message);
    }

    public static TheoryData<string, string> WildcardPorts()
    {
        var cases = new TheoryData<string, string>();
        foreach (var name in EndpointKind.Connecting())
        {
            cases.Add(name, "tcp://127.0.0.1:*");
            cases.Add(name, "tcp://127.0.0.1:0");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(WildcardPorts))]
    public async Task A_type_that_connects_refuses_a_wildcard_port_saying_to_connect_to_the_port_bound(string name, string endpoint)
    {
        var kind = EndpointKind.Named(name);

        var failure = await Assert.ThrowsAsync<ZmqException>(() => kind.StartAsync(endpoint)).Bound();

        Assert.Contains($"The {kind.Name} cannot connect to '{endpoint}'", failure.Message);
        Assert.Contains("connect to the port the other side bound (its Endpoint after Start reports it", failure.Message);
    }

    [Theory]
    [MemberData(nameof(EndpointKind.Connecting), MemberType = typeof(EndpointKind))]
    public async Task A_type_that_connects_refuses_a_wildcard_host_saying_to_connect_to_the_host_of_the_other_side(string name)
    {
        var kind = EndpointKind.Named(name);
        var endpoint = Loopback.FreeEndpoint().Replace("127.0.0.1", "*", StringComparison.Ordinal);

        var failure = await Assert.ThrowsAsync<ZmqException>(() => kind.StartAsync(endpoint)).Bound();

        Assert.Contains($"The {kind.Name} cannot connect to '{endpoint}': host * stands for every interface, which only a bind listens on", failure.Message);
        Assert.Contains("connect to the host the other side runs on, such as tcp://127.0.0.1:5555", failure.Message);
    }

    [Theory]
    [MemberData(nameof(EndpointKind.Connecting), MemberType = typeof(EndpointKind))]
    public async Task A_type_that_connects_to_an_inproc_endpoint_not_bound_yet_says_to_start_the_binding_side_first(string name)
    {
        var kind = EndpointKind.Named(name);
        var endpoint = $"inproc://unbound-{Guid.NewGuid():N}";

        var failure = await Assert.ThrowsAsync<ZmqException>(() => kind.StartAsync(endpoint)).Bound();

        Assert.Contains($"The {kind.Name} cannot connect to {endpoint}: nothing in this process has bound it.", failure.Message);
        Assert.Contains("make and start the side that binds it first", failure.Message);
        Assert.DoesNotContain("..", failure.Message);
    }

    public static TheoryData<string, string, string> MiswrittenTransports()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var name in EndpointKind.Every())
        {
            cases.Add(name, " tcp://127.0.0.1:5999", "it starts or ends with white space");
            cases.Add(name, "TCP://127.0.0.1:5999", "'TCP' is not a transport NetMQ knows: write tcp, ipc, inproc, pgm or epgm");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(MiswrittenTransports))]
    public async Task A_miswritten_transport_gets_a_ZmqException_saying_what_is_wrong(string name, string endpoint, string problem)
    {
        var kind = EndpointKind.Named(name);

        var failure = await Assert.ThrowsAsync<ZmqException>(() => kind.StartAsync(endpoint)).Bound();

        Assert.Contains($"'{endpoint}': {problem}", failure.Message);
    }

    [Theory]
    [MemberData(nameof(EndpointKind.Binding), MemberType = typeof(EndpointKind))]
    public async Task A_port_in_use_gets_a_ZmqException_naming_the_endpoint_and_the_fix(string name)
    {
        var kind = EndpointKind.Named(name);
        await using var holder = new ShapesServer(new Shapes(), Loopback.AnyPort);
        holder.Start();

        var failure = await Assert.ThrowsAsync<ZmqException>(() => kind.StartAsync(holder.Endpoint)).Bound();

        Assert.Contains(kind.Name, failure.Message);
        Assert.Contains(holder.Endpoint, failure.Message);
        Assert.Contains("in use", failure.Message);
    }

    [Fact]
    public async Task A_worker_whose_start_fails_at_its_input_leaves_its_output_unbound()
    {
        const string Unresolvable = "tcp://no-such-host.invalid:5555";
        var output = Loopback.FreeEndpoint();
        await using var worker = new WorkStageWorker(new TestWorkStage("w"), Unresolvable, output, new ZmqWorkerOptions { BindOutput = true });

        // A second Start fails as the first did: the output was unbound, not left bound by the first.
        var first = Assert.Throws<ZmqException>(worker.Start);
        var second = Assert.Throws<ZmqException>(worker.Start);
        Assert.Equal(first.Message, second.Message);
        Assert.Contains(Unresolvable, second.Message);
        Assert.Equal(output, worker.OutputEndpoint);

        using var next = new NetMQ.Sockets.PullSocket();
        next.Bind(output);
    }

    /// <summary>Starts a new one at <paramref name="endpoint"/> and disposes it, <see cref="Restarts"/> times.</summary>
    private static async Task StartsAgainAndAgain(EndpointKind kind, string endpoint)
    {
        for (var i = 0; i < Restarts; i++)
        {
            var bound = await kind.StartAsync(endpoint);
            await bound.DisposeAsync().AsTask().Bound();
        }
    }

    /// <summary>One started at a free port (a binding type) or connected to one where nothing listens (a connecting type).</summary>
    private static Task<IZmqEndpoint> Started(EndpointKind kind) =>
        kind.StartAsync(kind.Binds ? Loopback.AnyPort : Loopback.FreeEndpoint());

    private static void AssertNames(EndpointKind kind, ObjectDisposedException failure) => Assert.Equal(kind.Name, failure.ObjectName);
}
