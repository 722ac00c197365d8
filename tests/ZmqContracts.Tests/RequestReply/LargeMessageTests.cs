using System;
using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>
/// What large messages cost a client, and a server its error reply: the memory they allocate (counted for the whole
/// process, so these tests run alone), and the time a call waits.
/// </summary>
[Collection(nameof(AllocationCounting))]
public class LargeMessageTests
{
    private const int Large = 10 * 1024 * 1024;

    [Fact]
    public async Task A_10_MB_error_message_costs_the_client_a_small_multiple_of_the_reply_and_reaches_the_caller_whole()
    {
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        await using var client = new AccountsClient($"tcp://127.0.0.1:{port}");
        var remoteMessage = new string('x', Large);
        var error = Utf8($$"""{"code":"handler-failed","type":"Demo.Refusal","message":"{{remoteMessage}}"}""");
        var call = client.Withdraw(5);
        var request = server.ReceiveFrames();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        server.SendFrames(request[0], request[1], [], Utf8("zmqc.error"), error);
        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => call.Bound());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(remoteMessage, failure.RemoteMessage);
        Assert.Equal($"Accounts.Withdraw: {client.Endpoint} replied with an error: Demo.Refusal: {remoteMessage}", failure.Message);

        // The raw server's copy of the frame and the client's read of it (10 MB each), RemoteMessage and Message (20 MB
        // each, in UTF-16): 60 MB. Each further copy of the message adds 10 to 20 MB, and a buffer grown by doubling to
        // hold it as much again.
        Assert.InRange(allocated, 0, 7L * error.Length);
    }

    [Fact]
    public async Task A_5_MB_error_message_costs_the_server_one_array_of_its_reply_once_its_thread_has_a_chunk()
    {
        var remoteMessage = new string('x', Large / 2);
        await using var server = new AccountsServer(new Refusing(remoteMessage), Loopback.AnyPort);
        server.Start();
        using var peer = new RequestSocket(server.Endpoint);
        var request = PayloadFrames.Serialize(ZmqSerializers.MessagePack, 5L, "amount");

        // Once first, so that what is made once (the JIT's work) is not counted; the error arrives whole.
        var first = Call();
        var error = ErrorFrameLength(first);
        using (var json = JsonDocument.Parse(first[1].Buffer.AsMemory(0, error)))
        {
            Assert.Equal(remoteMessage, json.RootElement.GetProperty("message").GetString());
        }

        // The JSON writer asks for room for three UTF-8 bytes a character: a thread's first large reply makes that chunk,
        // which the thread's payload buffer then keeps, weakly, for its next one (a full collection between takes it). The
        // server's threads are few, so within a few replies one comes from a thread that has the chunk already.
        var cheapest = long.MaxValue;
        for (var reply = 0; reply < 10 && cheapest > 3L * error; reply++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            ErrorFrameLength(Call());
            cheapest = Math.Min(cheapest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        // The server's frame of the error, and the raw peer's two (NetMQ reads the frame, then copies it into the
        // message): three times the reply. A buffer grown by doubling to that room, then copied, costs the server four
        // times the reply at every error.
        Assert.InRange(cheapest, error, 3L * error + 64 * 1024);

        // The reply as NetMQ read it, with no copy of its frames.
        NetMQMessage Call()
        {
            peer.SendFrames(Utf8("Withdraw"), request);
            var reply = new NetMQMessage();
            Assert.True(peer.TryReceiveMultipartMessage(Within.Timeout, ref reply), "No reply arrived in time.");
            return reply;
        }

        static int ErrorFrameLength(NetMQMessage reply)
        {
            Assert.Equal("zmqc.error", reply[0].ConvertToString());
            return reply[1].BufferSize;
        }
    }

    [Fact]
    public async Task A_large_argument_costs_its_caller_one_array_of_its_size_and_a_small_one_no_more_than_its_own()
    {
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        await using var client = new RawFramesClient($"tcp://127.0.0.1:{port}", new ZmqClientOptions { RequestTimeout = Timeout.InfiniteTimeSpan });
        var large = new byte[Large];
        var small = new byte[100];

        // Once first, so that what is made once (the JIT's work, the chunks the thread keeps) is not counted.
        _ = client.Echo(large);
        _ = client.Echo(small);
        var smallCost = AllocatedBy(() => client.Echo(small));

        // The request of each call arrived, with its argument whole (a raw contract's argument is its bytes).
        Assert.Equal(large.Length, server.ReceiveFrames()[^1].Length);
        Assert.Equal(small.Length, server.ReceiveFrames()[^1].Length);
        Assert.Equal(small.Length, server.ReceiveFrames()[^1].Length);

        // The thread keeps its large chunk only weakly: a full collection between two calls takes it, and the next call
        // makes it anew. The server's reads of 10 MB can start one, so the cheapest of a few calls is counted.
        var largeCost = long.MaxValue;
        for (var call = 0; call < 5 && largeCost > Large + smallCost + 64 * 1024; call++)
        {
            largeCost = Math.Min(largeCost, AllocatedBy(() => client.Echo(large)));
            Assert.Equal(large.Length, server.ReceiveFrames()[^1].Length);
        }

        // The frame of 10 MB, once, and what a call of a small argument costs: a buffer grown by doubling to hold it,
        // then copied, would cost three times as much or more.
        Assert.InRange(largeCost, Large, Large + smallCost + 64 * 1024);

        // A small call costs its pending call, its frames and its telemetry's tags: a few hundred bytes.
        Assert.InRange(smallCost, small.Length, 4 * 1024);

        // On the calling thread: the caller serializes the argument and sends the request itself.
        static long AllocatedBy(Action call)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            call();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    [Fact]
    public async Task A_calls_RequestTimeout_counts_the_time_its_arguments_take_to_serialize()
    {
        var requestTimeout = TimeSpan.FromSeconds(3);
        using var server = new RouterSocket();
        var port = server.BindRandomPort("tcp://127.0.0.1");
        await using var client = new AccountsClient($"tcp://127.0.0.1:{port}", new ZmqClientOptions
        {
            RequestTimeout = requestTimeout,
            Serializer = new SlowSerializer(requestTimeout + TimeSpan.FromSeconds(0.5)),
        });

        var call = client.Withdraw(5);
        var sent = Stopwatch.StartNew();
        Assert.Single(server.ReceiveFrames()[^1]);
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => call.Bound());

        // Its RequestTimeout had passed when the request went out: the call ends at the next deadline check, where it
        // would wait a whole RequestTimeout more if that counted from the send.
        Assert.InRange(sent.Elapsed, TimeSpan.Zero, requestTimeout * 2 / 3);
        Assert.Contains("no reply from", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Refuses every call with a fault of <paramref name="message"/>, which always crosses to the caller.</summary>
    private sealed class Refusing(string message) : IAccounts
    {
        public Task<long> Withdraw(long amount) => throw new ZmqFaultException(message);
    }

    /// <summary>MessagePack, taking <paramref name="time"/> to write each payload, as a very large one would.</summary>
    private sealed class SlowSerializer(TimeSpan time) : IZmqSerializer
    {
        public string Name => "slow";

        public void Serialize<T>(IBufferWriter<byte> destination, T value)
        {
            Thread.Sleep(time);
            ZmqSerializers.MessagePack.Serialize(destination, value);
        }

        public T Deserialize<T>(ReadOnlyMemory<byte> payload) => ZmqSerializers.MessagePack.Deserialize<T>(payload);
    }
}
