using System.Linq;
using System.Threading.Tasks;
using Xunit;

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
