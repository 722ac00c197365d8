using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>Handlers whose failures are themselves odd: the server answers each and goes on serving.</summary>
[Reply]
public interface IFaulty
{
    /// <summary>Throws an exception whose Message throws, for a negative <paramref name="length"/>; else a fault of that many '&lt;'.</summary>
    Task Throw(int length);

    /// <summary>Returns <paramref name="value"/> once the test opens the gate.</summary>
    Task<int> Slow(int value);

    Task<int> Echo(int value);

    /// <summary>Returns <paramref name="value"/> once the test opens the blocking gate, holding its thread until then, before any await.</summary>
    Task<int> Blocking(int value);

    /// <summary>Throws a fault of <paramref name="length"/> 'x' and a lone surrogate, which no argument can carry (UTF-8 replaces it).</summary>
    Task LoneSurrogate(int length);
}

public sealed class Faulty : IFaulty
{
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task Throw(int length)
    {
        await Task.Yield();
        throw length < 0 ? new MessageThatThrowsException() : new ZmqFaultException(new string('<', length));
    }

    public async Task<int> Slow(int value)
    {
        Entered.TrySetResult();
        await Gate.Task;
        return value;
    }

    public Task<int> Echo(int value) => Task.FromResult(value);

    public ManualResetEventSlim BlockingGate { get; } = new();

    public Task<int> Blocking(int value)
    {
        Entered.TrySetResult();
        BlockingGate.Wait(Within.Timeout);
        return Task.FromResult(value);
    }

    public Task LoneSurrogate(int length) => throw new ZmqFaultException(new string('x', length) + "\uD800");

    private sealed class MessageThatThrowsException : Exception
    {
        public override string Message => throw new InvalidOperationException("a bug in the exception type");
    }
}

public class FaultyHandlerTests
{
    private static readonly ZmqClientOptions FailFast = new() { RequestTimeout = TimeSpan.FromSeconds(5) };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_handler_exception_whose_Message_throws_is_answered_and_the_server_goes_on(bool handleOnSocketThread)
    {
        // More failures than handlers: each used to end a handler for good, and the server then answered nothing.
        var options = new ZmqServerOptions { MaxConcurrency = 2, HandleOnSocketThread = handleOnSocketThread, IncludeExceptionDetails = true };
        await using var server = new FaultyServer(new Faulty(), Loopback.AnyPort, options);
        server.Start();
        await using var client = new FaultyClient(server.Endpoint, FailFast);

        var failures = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Assert.ThrowsAsync<ZmqRemoteException>(() => client.Throw(-1)))).Bound();

        Assert.All(failures, failure => Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Code));
        Assert.Contains("Message threw System.InvalidOperationException", failures[0].RemoteMessage, StringComparison.Ordinal);
        Assert.Equal(5, await client.Echo(5).Bound());
    }

    [Fact]
    public async Task A_fault_longer_than_the_limit_is_cut_to_fit_and_the_calls_beside_it_go_on()
    {
        // 100,000 characters of '<', which JSON writes as six bytes each: 600 KB, over the 64 KiB both sides take.
        const int Limit = 64 * 1024;
        var implementation = new Faulty();
        await using var server = new FaultyServer(implementation, Loopback.AnyPort, new ZmqServerOptions { MaxMessageSize = Limit });
        server.Start();
        await using var client = new FaultyClient(server.Endpoint, FailFast with { MaxMessageSize = Limit });
        var beside = client.Slow(7);
        await implementation.Entered.Task.Bound();

        var fault = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Throw(100_000)).Bound();

        Assert.EndsWith("… (cut from 100000 characters to fit MaxMessageSize)", fault.RemoteMessage, StringComparison.Ordinal);
        Assert.StartsWith("<<<", fault.RemoteMessage, StringComparison.Ordinal);
        implementation.Gate.SetResult();
        Assert.Equal(7, await beside.Bound());
    }

    [Fact]
    public async Task A_long_fault_with_a_lone_surrogate_is_answered()
    {
        // Long enough to be measured against the limit, which the encoder's own measure refused to do for a lone surrogate.
        const int Limit = 64 * 1024;
        await using var server = new FaultyServer(new Faulty(), Loopback.AnyPort, new ZmqServerOptions { MaxMessageSize = Limit });
        server.Start();
        await using var client = new FaultyClient(server.Endpoint, FailFast with { MaxMessageSize = Limit });

        var fault = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.LoneSurrogate(20_000)).Bound();

        Assert.StartsWith("xxx", fault.RemoteMessage, StringComparison.Ordinal);
        Assert.Equal(5, await client.Echo(5).Bound());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_call_whose_handler_ignores_the_close_is_answered_interrupted_when_the_server_gives_up_on_it(bool handleOnSocketThread)
    {
        // Slow waits for its gate without a token: past the drain and the second after it, the close answers for it.
        var implementation = new Faulty();
        var server = new FaultyServer(implementation, Loopback.AnyPort, new ZmqServerOptions { HandleOnSocketThread = handleOnSocketThread, DrainTimeout = TimeSpan.FromMilliseconds(100) });
        server.Start();
        await using var client = new FaultyClient(server.Endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(20) });
        var call = client.Slow(7);
        await implementation.Entered.Task.Bound();

        await server.DisposeAsync().Bound();

        var refusal = await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound());
        Assert.Equal(ZmqErrorCode.Interrupted, refusal.Code);
        Assert.Contains("the server shut down while the handler ran: the call may have run, in part or in full", refusal.Message, StringComparison.Ordinal);
        implementation.Gate.SetResult();
    }

    [Fact]
    public async Task A_call_whose_handler_blocks_its_thread_before_any_await_is_answered_interrupted_when_the_server_gives_up_on_it()
    {
        var implementation = new Faulty();
        var server = new FaultyServer(implementation, Loopback.AnyPort, new ZmqServerOptions { DrainTimeout = TimeSpan.FromMilliseconds(100) });
        server.Start();
        await using var client = new FaultyClient(server.Endpoint, new ZmqClientOptions { RequestTimeout = TimeSpan.FromSeconds(20) });
        var call = client.Blocking(7);
        await implementation.Entered.Task.Bound();

        await server.DisposeAsync().Bound();

        var refusal = await Assert.ThrowsAsync<ZmqRemoteException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(ZmqErrorCode.Interrupted, refusal.Code);
        implementation.BlockingGate.Set();
    }
}
