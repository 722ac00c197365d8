using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>
/// A server made with <see cref="ZmqServerOptions.HandleOnSocketThread"/>: handlers that complete at once run and reply on
/// the thread that read their request, inside the read, handlers that await go on elsewhere, and everything else a server
/// does still holds.
/// </summary>
public class SocketThreadHandlerTests
{
    private static readonly ZmqServerOptions OnSocketThread = new() { HandleOnSocketThread = true, MaxConcurrency = 2 };

    [Fact]
    public async Task A_handler_that_completes_at_once_runs_inside_the_read_of_its_request_and_its_reply_comes_back()
    {
        await using var served = ServedShapes.Start(OnSocketThread);

        await served.Client.Ping().Bound();

        Assert.Contains("ZmqContracts.SocketLoop", served.Implementation.PingCallers);
        Assert.Equal(new Sum(5), await served.Client.Add(new Operands(2, 3)).Bound());
        Assert.Equal(6, await served.Client.Sum(1, 2, 3).Bound());
    }

    [Fact]
    public async Task Handlers_that_await_failures_and_bad_requests_are_answered_as_without_the_option()
    {
        await using var served = ServedShapes.Start(OnSocketThread);

        var echoes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => served.Client.Echo($"text {i}"))).Bound();
        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Fail("broken").Bound());
        await using var unknown = new Runtime.ReplyClient("Shapes", served.Server.Endpoint, null, ZmqSerializers.MessagePack);
        var refusal = await Assert.ThrowsAsync<ZmqRemoteException>(
            () => unknown.CallAsync(unknown.NewRequest(new Runtime.RequestOperation("Missing")), CancellationToken.None).Bound());

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"text {i}"), echoes);
        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Code);
        Assert.NotNull(failure.ErrorId);
        Assert.Equal(ZmqErrorCode.UnknownOperation, refusal.Code);
    }

    [Fact]
    public async Task Requests_beyond_MaxConcurrency_unfinished_handlers_wait_in_ZeroMQ_and_are_served_once_a_handler_finishes()
    {
        await using var served = ServedShapes.Start(OnSocketThread);
        var waits = Enumerable.Range(0, 5).Select(i => served.Client.Wait(i, CancellationToken.None)).ToList();
        await served.Implementation.Entered(2).Bound();
        var ping = served.Client.Ping();

        served.Implementation.Open();

        Assert.Equal(Enumerable.Range(0, 5), await Task.WhenAll(waits).Bound());
        await ping.Bound();
        Assert.Equal(1, served.Implementation.PingCount);
    }

    [Fact]
    public async Task Dispose_lets_a_handler_in_flight_finish_and_deliver_its_reply()
    {
        var served = ServedShapes.Start(OnSocketThread);
        var call = served.Client.Wait(7, CancellationToken.None);
        await served.Implementation.Entered().Bound();

        var disposing = served.Server.DisposeAsync().AsTask();
        served.Implementation.Open();

        Assert.Equal(7, await call.Bound());
        await disposing.Bound();
        await served.DisposeAsync();
    }
}
