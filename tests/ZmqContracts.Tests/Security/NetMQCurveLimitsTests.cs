using System;
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
/// a peer choose them whatever the socket's mechanism; libzmq refuses them when CURVE is on. These tests pin that
/// behaviour so that the documentation stays true: when one fails, NetMQ has closed the gap, and docs/security.md and
/// this test change with it.
/// </summary>
public class NetMQCurveLimitsTests
{
    /// <summary>ZMTP 1.0 framing: one length byte (the body plus the flags byte), one flags byte (1 = more frames follow), the body.</summary>
    private static byte[] Zmtp1Frame(byte[] body, bool more = false) => [(byte)(body.Length + 1), (byte)(more ? 1 : 0), .. body];

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
