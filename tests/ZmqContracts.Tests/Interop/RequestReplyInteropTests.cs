using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Interop;

/// <summary>pyzmq REQ and REP peers (samples/python) against generated servers and clients, in every payload format.</summary>
public class RequestReplyInteropTests
{
    [PythonFact]
    public Task A_pyzmq_REQ_client_calls_a_generated_server_with_msgpack() => PythonClientCallsServer("msgpack");

    [PythonFact]
    public Task A_pyzmq_REQ_client_calls_a_generated_server_with_send_json() => PythonClientCallsServer("json");

    [PythonFact]
    public Task A_pyzmq_REQ_client_calls_a_generated_server_with_plain_bytes() => PythonClientCallsServer("raw");

    [PythonFact]
    public Task A_generated_client_calls_a_pyzmq_REP_server_with_msgpack() => ClientCallsPythonServer("msgpack");

    [PythonFact]
    public Task A_generated_client_calls_a_pyzmq_REP_server_with_json() => ClientCallsPythonServer("json");

    [PythonFact]
    public Task A_generated_client_calls_a_pyzmq_REP_server_with_plain_bytes() => ClientCallsPythonServer("raw");

    [PythonFact]
    public async Task A_pyzmq_client_that_speaks_the_wrong_format_gets_the_server_error_and_the_server_goes_on()
    {
        var implementation = new MessageCollector();
        await using var server = new MessagesServer(implementation, Loopback.AnyPort, new ZmqServerOptions { Serializer = ZmqSerializers.MessagePack });
        server.Start();

        using (var python = Python.Start("req_client.py", server.Endpoint, "--serializer", "json"))
        {
            var (exitCode, _) = await python.FinishedAsync();
            Assert.NotEqual(0, exitCode);
            Assert.Contains("bad-request", python.Errors);
        }

        await using var client = new MessagesClient(server.Endpoint);
        Assert.Equal("new message", await client.Send("still serving").Bound());
    }

    /// <summary>A big integer as docs/protocol.md says: a bin of its little-endian two's-complement bytes, both ways.</summary>
    [PythonFact]
    public async Task A_pyzmq_REQ_client_sends_and_reads_big_integers_as_bins_of_little_endian_twos_complement_bytes()
    {
        const string Client = """
            import sys

            import msgpack
            import zmq

            socket = zmq.Context.instance().socket(zmq.REQ)
            socket.rcvtimeo = socket.linger = int(sys.argv[2])
            socket.connect(sys.argv[1])
            for number in map(int, sys.argv[3:]):
                socket.send_multipart([b"Negate", msgpack.packb(number.to_bytes(number.bit_length() // 8 + 1, "little", signed=True))])
                print(int.from_bytes(msgpack.unpackb(socket.recv()), "little", signed=True))
            """;
        BigInteger[] values = [BigInteger.Zero, BigInteger.MinusOne, 300, -BigInteger.Pow(2, 2040), BigInteger.Pow(7, 5000)];
        await using var server = new BigNumbersServer(new BigNumbers(), Loopback.AnyPort);
        server.Start();

        using var python = Python.Run(Client, [server.Endpoint, ((int)Within.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), .. values.Select(value => value.ToString(CultureInfo.InvariantCulture))]);

        Assert.Equal(values.Select(value => (-value).ToString(CultureInfo.InvariantCulture)), await python.ExitedAsync());
    }

    internal static async Task PythonClientCallsServer(string format)
    {
        var implementation = new MessageCollector();
        await using var server = new MessagesServer(implementation, Loopback.AnyPort, new ZmqServerOptions { Serializer = ZmqSerializers.ByName(format) });
        server.Start();

        using var python = Python.Start("req_client.py", server.Endpoint, "--serializer", format, "--count", "3");
        var printed = await python.ExitedAsync();

        Assert.Equal(["new message", "new message", "new message"], printed);
        Assert.Equal(["A message", "A message", "A message"], implementation.Received.ToArray());
    }

    internal static async Task ClientCallsPythonServer(string format)
    {
        using var python = Python.Start("rep_server.py", Loopback.AnyPort, "--serializer", format, "--count", "3");
        var endpoint = await python.WaitForAsync("listening on");
        await using var client = new MessagesClient(endpoint, new ZmqClientOptions { Serializer = ZmqSerializers.ByName(format) });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("new message", await client.Send($"hello {i}").Bound());
        }

        Assert.Equal(["received: hello 0", "received: hello 1", "received: hello 2"], await python.ExitedAsync());
    }
}
