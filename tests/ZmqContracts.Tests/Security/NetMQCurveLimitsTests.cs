using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Security;

/// <summary>
/// What NetMQ 4.0.4.5's CURVE does not protect against, as measured (docs/security.md, "What NetMQ does not provide").
/// NetMQ still speaks ZMTP 1.0 and 2.0, the protocols of ZeroMQ 2.x and 3.x, which have no security handshake, and lets
/// a peer choose them whatever the socket's mechanism; libzmq refuses them when CURVE is on. And it attaches a connection
/// to its socket before the handshake, so a binding PUSH socket deals items to connections that may then fail it.
/// These tests pin that behaviour so that the documentation stays true: when one fails, NetMQ has closed the gap, and
/// docs/security.md and this test change with it.
/// </summary>
public class NetMQCurveLimitsTests
{
    /// <summary>A last frame in ZMTP 1.0 framing, for a body under 255 bytes: its length plus one, a flags byte of 0, the body.</summary>
    private static byte[] Zmtp1Frame(byte[] body) => [checked((byte)(body.Length + 1)), 0, .. body];

    [Fact]
    public async Task A_peer_that_speaks_ZMTP_1_gets_a_message_past_a_CURVE_server_unencrypted()
    {
        await using var collector = new WorkStageCollector(Loopback.AnyPort,
            new ZmqCollectorOptions { Curve = ZmqCurve.Server(ZmqCurveKeyPair.Generate()) });
        var received = collector.ReadAllAsync().StartTaking(1);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(new Uri(collector.Endpoint).Host, new Uri(collector.Endpoint).Port).Bound();

        // No greeting, no key: an empty identity frame, then a result in plain MessagePack.
        var payload = PayloadFrames.Serialize(ZmqSerializers.MessagePack, new WorkResult(1, "no key at all"), "result");
        await tcp.GetStream().WriteAsync((byte[])[.. Zmtp1Frame([]), .. Zmtp1Frame(payload)]).Bound();

        Assert.Equal(new WorkResult(1, "no key at all"), Assert.Single(await received.Bound()));
    }

    [Fact]
    public async Task A_producer_loses_the_items_it_dealt_to_a_connection_whose_handshake_then_fails()
    {
        var pipelineKeys = ZmqCurveKeyPair.Generate();
        await using var collector = new WorkStageCollector(Loopback.AnyPort, new ZmqCollectorOptions { Curve = ZmqCurve.Server(pipelineKeys) });
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions { Curve = ZmqCurve.Server(pipelineKeys) });
        await using var worker = new WorkStageWorker(new TestWorkStage("trusted"), producer.Endpoint, collector.Endpoint,
            new ZmqWorkerOptions { Curve = ZmqCurve.Client(pipelineKeys.PublicKey), MaxConcurrency = 1 });
        worker.Start();
        await using var results = collector.ReadAllAsync().GetAsyncEnumerator();
        await producer.Process(new WorkItem(0)).Bound();
        Assert.Equal(0, (await results.TakeAsync(1)).Single().Num);

        using (var handshaking = new TcpClient())
        {
            await handshaking.ConnectAsync(new Uri(producer.Endpoint).Host, new Uri(producer.Endpoint).Port).Bound();

            // NetMQ attaches the connection to the socket, then sends its greeting: once the greeting is here, items are dealt to it.
            await handshaking.GetStream().ReadExactlyAsync(new byte[10]).AsTask().Bound();
            for (var num = 1; num <= 10; num++)
            {
                await producer.Process(new WorkItem(num)).Bound();
            }

            // The trusted worker takes items one at a time, in order: once a later item's result is here, so are those of
            // every item it got. It did not get those dealt to the connection that is still in its handshake.
            var whileHandshaking = await producer.SendUntilAsync(results, firstNum: 11, enough: read => read.Any(result => result.Num > 10));
            Assert.InRange(whileHandshaking.Count(result => result.Num <= 10), 1, 9);
        }

        // The connection closed without a handshake, and the items it held went with it: they are not dealt again.
        var afterwards = await producer.SendUntilAsync(results, firstNum: 1_000, enough: read => read.Any(result => result.Num >= 1_000));
        Assert.DoesNotContain(afterwards, result => result.Num <= 10);
    }

    [Fact]
    public async Task A_CURVE_client_sends_in_clear_to_a_server_that_answers_in_ZMTP_1()
    {
        using var impostor = new TcpListener(IPAddress.Loopback, 0);
        impostor.Start();
        var endpoint = $"tcp://127.0.0.1:{((IPEndPoint)impostor.LocalEndpoint).Port}";
        await using var client = new ShapesClient(endpoint, new ZmqClientOptions
        {
            Curve = ZmqCurve.Client(ZmqCurveKeyPair.Generate().PublicKey),
            RequestTimeout = Timeout.InfiniteTimeSpan,
        });
        var call = client.Echo("meant for the server only");

        using var connection = await impostor.AcceptTcpClientAsync().Bound();
        var stream = connection.GetStream();
        await stream.WriteAsync((byte[])[.. Zmtp1Frame([])]).Bound();

        var heard = new StringBuilder();
        var buffer = new byte[1024];
        while (!heard.ToString().Contains("meant for the server only", StringComparison.Ordinal))
        {
            Assert.True(heard.Length < 64 * 1024, "the client sent a lot but never the text in clear");
            var read = await stream.ReadAsync(buffer).AsTask().Bound();
            Assert.True(read > 0, $"the client closed the connection after {heard.Length} bytes without sending the text in clear");
            heard.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        await client.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => call).Bound();
    }
}
