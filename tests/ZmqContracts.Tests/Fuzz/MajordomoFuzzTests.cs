using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using Xunit.Abstractions;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.Majordomo.RawMajordomo;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Fuzz;

/// <summary>
/// The Majordomo receiving sides — the broker, and a server that is an MDP worker — take <see cref="FuzzRun.Messages"/>
/// malformed messages, some with MDP headers and commands in front of the junk, and go on serving valid calls.
/// </summary>
[Collection(FuzzCollection.Name)]
public class MajordomoFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_broker_fed_malformed_messages_brokers_every_valid_call()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { MaxMessageSize = FuzzRun.MaxFrameSize, MaxQueuedRequests = 10 }).Started();
        await using var server = new ShapesServer(new Shapes(), broker.Endpoint, new ZmqServerOptions { ViaBroker = true }).Started();
        await using var client = new ShapesClient(broker.Endpoint, new ZmqClientOptions { ViaBroker = true });
        using var peer = Connect(broker.Endpoint);
        var junk = new MalformedMessages(seed: 6101, FuzzRun.MaxFrameSize, [Utf8("echo"), Utf8("mmi.service"), Utf8("mmi.other"), Client, Worker], [FuzzTests.Payload("text")]);
        var headers = new Random(6102);
        var sent = 0L;

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                peer.SendFrames([.. Header(headers), .. frames]);
                sent++;
                FuzzTests.DrainReplies(peer);
            },
            async n => Assert.Equal(new Sum(2 * n + 1), await client.Add(new Operands(n, n + 1))),
            () => sent,
            output);
    }

    [Fact]
    public async Task A_server_via_a_broker_fed_malformed_commands_and_requests_answers_every_valid_request()
    {
        using var router = new RouterSocket();
        router.Options.MaxMsgSize = FuzzRun.MaxFrameSize;
        var port = router.BindRandomPort("tcp://127.0.0.1");
        await using var server = new ShapesServer(new Shapes(), $"tcp://127.0.0.1:{port}", new ZmqServerOptions
        {
            ViaBroker = true,
            MaxMessageSize = FuzzRun.MaxFrameSize,

            // This broker sends no heartbeats: the server must not take it for gone during the run.
            HeartbeatLiveness = 100_000,
        }).Started();
        var worker = router.ReceiveFrames()[0];
        var names = typeof(IShapes).GetMethods().Select(method => method.Name).Where(name => name != nameof(IShapes.Wait)).Select(Utf8).ToList();
        var junk = new MalformedMessages(seed: 6103, FuzzRun.MaxFrameSize, names, [FuzzTests.Payload(new Operands(2, 3)), FuzzTests.Payload("text")]);
        var shapes = new Random(6104);
        var sent = 0L;

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                router.SendFrames([worker, .. WorkerJunk(shapes), .. frames]);
                sent++;
                FuzzTests.DrainReplies(router);
            },
            async n =>
            {
                var client = Utf8($"valid client {n}");
                router.SendFrames(worker, [], Worker, Request, client, [], Utf8("Add"), FuzzTests.Payload(new Operands(n, n + 1)));
                var reply = await Task.Run(() => ReplyTo(router, client)).Bound();
                Assert.Equal(new Sum(2 * n + 1), ZmqSerializers.MessagePack.Deserialize<Sum>(reply[6]));
            },
            () => sent,
            output);
    }

    /// <summary>Nothing, an empty frame, or an empty frame and an MDP header with or without a command byte, to put in front of junk.</summary>
    private static byte[][] Header(Random random) => random.Next(5) switch
    {
        0 => [],
        1 => [[]],
        2 => [[], Client],
        3 => [[], Worker],
        _ => [[], Worker, [(byte)random.Next(7)]],
    };

    /// <summary>In front of junk sent to a worker: nothing, a command other than DISCONNECT (which would make it register anew), or a REQUEST's envelope.</summary>
    private static byte[][] WorkerJunk(Random random) => random.Next(3) switch
    {
        0 => [],
        1 => [[], Worker, [(byte)new[] { 0, 1, 2, 3, 4, 6 }[random.Next(6)]]],
        _ => [[], Worker, Request, Utf8("junk client"), []],
    };

    /// <summary>The REPLY to <paramref name="client"/>, skipping the others (replies to junk requests, heartbeats).</summary>
    private static System.Collections.Generic.List<byte[]> ReplyTo(RouterSocket router, byte[] client)
    {
        for (var i = 0; i < 10 * FuzzRun.Messages; i++)
        {
            var frames = router.ReceiveFrames();
            if (frames.Count == 7 && frames[4].AsSpan().SequenceEqual(client))
            {
                return frames;
            }
        }

        throw new Xunit.Sdk.XunitException($"No reply to {Encoding.UTF8.GetString(client)}.");
    }
}
