using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ZmqContracts.Tests.RequestReply;

public class RoundTripTests
{
    [Fact]
    public async Task Every_operation_shape_round_trips()
    {
        await using var served = ServedShapes.Start();
        var client = served.Client;

        await client.Ping().Bound();
        Assert.Equal(1, served.Implementation.PingCount);
        Assert.Equal("héllo ✓", await client.Echo("héllo ✓").Bound());
        await client.Store(7, "seven", CancellationToken.None).Bound();
        Assert.Equal("seven", served.Implementation.Stored[7]);
        Assert.Equal(6, await client.Sum(1, 2, 3).Bound());
        Assert.Equal(new Sum(5), await client.Add(new Operands(2, 3)).Bound());
        Assert.Equal(new byte[] { 3, 2, 1 }, await client.Reverse([1, 2, 3]).Bound());
        Assert.Null(await client.Maybe(null).Bound());
        Assert.Equal("yes!", await client.Maybe("yes").Bound());
        Assert.Equal(
            [new Sum(3), new Sum(30)],
            await client.Totals(new Dictionary<string, int[]> { ["b"] = [10, 20], ["a"] = [1, 2] }).Bound());
    }

    /// <summary>Values around bin8's 255-byte limit too: 2^2039 takes 255 bytes, 2^2040 256.</summary>
    [Fact]
    public async Task Big_integers_small_large_and_negative_go_as_arguments_and_come_back_as_results()
    {
        await using var server = new BigNumbersServer(new BigNumbers(), Loopback.AnyPort);
        server.Start();
        await using var client = new BigNumbersClient(server.Endpoint);
        BigInteger[] values = [BigInteger.Zero, BigInteger.One, BigInteger.MinusOne, long.MinValue, BigInteger.Pow(2, 2039), -BigInteger.Pow(2, 2040), BigInteger.Pow(7, 5000)];

        foreach (var value in values)
        {
            Assert.Equal(-value, await client.Negate(value).Bound());
            Assert.Equal(value * value, await client.Square(value).Bound());
        }

        Assert.Null(await client.Square(null).Bound());
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_from_eight_tasks_each_get_their_own_reply()
    {
        await using var served = ServedShapes.Start();
        var callers = Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            var calls = Enumerable.Range(0, 125).Select(async call =>
            {
                var text = $"{caller}:{call}";
                return (Sent: text, Received: await served.Client.Echo(text));
            });
            return await Task.WhenAll(calls);
        }));

        var results = (await Task.WhenAll(callers).Bound()).SelectMany(batch => batch).ToList();

        Assert.Equal(1000, results.Count);
        Assert.All(results, result => Assert.Equal(result.Sent, result.Received));
        Assert.Equal(1000, results.Select(result => result.Received).Distinct().Count());
    }

    [Fact]
    public async Task Replies_come_back_in_any_order_while_earlier_calls_are_still_running()
    {
        await using var served = ServedShapes.Start();
        var blocked = served.Client.Wait(42, CancellationToken.None);
        await served.Implementation.Entered().Bound();

        Assert.Equal("later", await served.Client.Echo("later").Bound());
        Assert.False(blocked.IsCompleted);

        served.Implementation.Open();
        Assert.Equal(42, await blocked.Bound());
    }

    [Fact]
    public async Task An_implementation_exception_arrives_as_a_ZmqRemoteException_and_the_next_call_succeeds()
    {
        await using var served = ServedShapes.Start(new ZmqServerOptions { IncludeExceptionDetails = true });

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Fail("out of paper").Bound());

        Assert.Equal(ZmqErrorCode.HandlerFailed, failure.Code);
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.RemoteType);
        Assert.Equal("out of paper", failure.RemoteMessage);
        Assert.Equal("still here", await served.Client.Echo("still here").Bound());
    }

    [Fact]
    public async Task Raw_arguments_that_start_like_a_trace_frame_reach_the_handler_as_sent()
    {
        await using var server = new RawFramesServer(new RawFrames(), Loopback.AnyPort);
        server.Start();
        await using var client = new RawFramesClient(server.Endpoint);
        var marked = "zmqc.trace is my data"u8.ToArray();

        Assert.Equal(marked, await client.Echo(marked).Bound());
        Assert.Equal([1, .. marked], await client.Join([1], marked).Bound());
    }
}
