using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using Xunit.Abstractions;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.Fuzz.FuzzTests;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Fuzz;

/// <summary>
/// A generated client takes <see cref="FuzzRun.Messages"/> malformed replies from a raw ROUTER peer: random frames, unknown
/// and stale correlation ids, error replies carrying junk. Each round also answers three real calls: one validly, which
/// completes with its value; one with a payload that cannot be read, which fails with a <see cref="ZmqPayloadException"/>;
/// one with an error reply whose JSON is junk, which fails with a <see cref="ZmqRemoteException"/>; and each of those
/// replies is then sent again, stale.
/// </summary>
[Collection(FuzzCollection.Name)]
public class ClientFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[][] UnreadableStrings =
    [
        [0xc1],                                     // the one byte MessagePack never uses
        [0x91, 0xa1, 0x41],                         // an array, not a string
        [0x81, 0xa1, 0x41, 0x01],                   // a map
        [0xcc, 0x07],                               // a number
        [0xdb, 0x7f, 0xff, 0xff, 0xff, 0x41],       // str32 of 2^31 - 1 bytes, one present
        [0xc6, 0xff, 0xff, 0xff, 0xff],             // bin32 of 4 GiB
        [],
    ];

    [Fact]
    public async Task A_client_fed_malformed_replies_completes_every_validly_answered_call_and_fails_each_unreadable_one_with_the_documented_exception()
    {
        using var server = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{server.BindRandomPort("tcp://127.0.0.1")}";
        await using var client = new ShapesClient(endpoint, new ZmqClientOptions { MaxMessageSize = FuzzRun.MaxFrameSize });
        var errorJson = Utf8("""{"code":"handler-failed","type":"System.Exception","message":"m"}""");
        var junk = new MalformedMessages(seed: 6101, FuzzRun.MaxFrameSize, [Utf8("zmqc.error")], [Payload("valid text"), errorJson]);
        var shapes = new Random(6102);
        var answered = new List<byte[]>();
        byte[] routingId = [];
        var sent = 0L;

        (byte[] RoutingId, byte[] CorrelationId) NextRequest()
        {
            var request = server.ReceiveFrames();
            return (request[0], request[1]);
        }

        void Reply(byte[] correlationId, params byte[][] body)
        {
            server.SendFrames([routingId, correlationId, [], .. body]);
            answered.Add(correlationId);
        }

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                byte[] staleId = answered[shapes.Next(answered.Count)];
                server.SendFrames(shapes.Next(4) switch
                {
                    0 => [routingId, .. frames],
                    1 => [routingId, staleId, [], .. frames],
                    2 => [routingId, RandomId(shapes), [], .. frames],
                    _ => [routingId, staleId, [], Utf8("zmqc.error"), .. frames],
                });
                sent++;
            },
            async n =>
            {
                var valid = client.Echo($"valid {n}");
                var unreadable = client.Echo($"unreadable {n}");
                var error = client.Echo($"error {n}");
                (routingId, var validId) = NextRequest();
                var (_, unreadableId) = NextRequest();
                var (_, errorId) = NextRequest();

                Reply(validId, Payload($"valid {n}"));
                Reply(unreadableId, UnreadableString(shapes));
                Reply(errorId, Utf8("zmqc.error"), junk.Next()[0]);
                Reply(validId, Payload("stale"));
                Reply(unreadableId, Payload("stale"));
                Reply(errorId, Payload("stale"));

                Assert.Equal($"valid {n}", await valid.Bound());
                await Assert.ThrowsAsync<ZmqPayloadException>(() => unreadable.Bound());
                await Assert.ThrowsAsync<ZmqRemoteException>(() => error.Bound());
            },
            () => sent,
            output);

        Assert.Equal("still served", await ServedAfterwards(server, client));
    }

    /// <summary>The client still makes calls and reads their replies once the junk is over.</summary>
    private static async Task<string> ServedAfterwards(RouterSocket server, ShapesClient client)
    {
        var call = client.Echo("still served");
        var request = server.ReceiveFrames();
        server.SendFrames(request[0], request[1], [], request[4]);
        return await call.Bound();
    }

    private static byte[] RandomId(Random random)
    {
        var id = new byte[sizeof(ulong)];
        random.NextBytes(id);
        return id;
    }

    /// <summary>A payload no MessagePack reader takes for a string: a fixed hostile one, a string cut short, or junk behind a byte MessagePack never uses.</summary>
    private static byte[] UnreadableString(Random random)
    {
        var text = Payload("a string long enough to cut short");
        return random.Next(3) switch
        {
            0 => UnreadableStrings[random.Next(UnreadableStrings.Length)],
            1 => text[..random.Next(text.Length)],
            _ => [0xc1, .. Enumerable.Range(0, random.Next(64)).Select(_ => (byte)random.Next(256))],
        };
    }
}
