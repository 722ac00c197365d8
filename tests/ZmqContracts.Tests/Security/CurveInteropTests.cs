using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;

namespace ZmqContracts.Tests.Security;

/// <summary>A pyzmq (libzmq) CURVE client against a generated server whose key pair comes from pyzmq's <c>zmq.curve_keypair()</c>.</summary>
public class CurveInteropTests
{
    [PythonFact]
    public async Task A_pyzmq_CURVE_client_calls_a_generated_server_whose_keys_pyzmq_made()
    {
        ZmqCurveKeyPair serverKeys;
        using (var keygen = Python.Start("curve_client.py", "keypair"))
        {
            var publicKey = await keygen.WaitForAsync("public:");
            var secretKey = await keygen.WaitForAsync("secret:");
            await keygen.ExitedAsync();
            serverKeys = ZmqCurveKeyPair.FromKeys(publicKey, secretKey);
        }

        var implementation = new MessageCollector();
        await using var server = new MessagesServer(implementation, Loopback.AnyPort, new ZmqServerOptions { Curve = ZmqCurve.Server(serverKeys) });
        server.Start();

        using var python = Python.Start("curve_client.py", "call", server.Endpoint, $"--server-key={serverKeys.PublicKey}", "--count", "2");

        Assert.Equal(["new message", "new message"], await python.ExitedAsync());
        Assert.Equal(["A message", "A message"], implementation.Received.ToArray());
    }

    [PythonFact]
    public async Task A_pyzmq_client_with_the_wrong_server_key_gets_no_reply()
    {
        var implementation = new MessageCollector();
        await using var server = new MessagesServer(implementation, Loopback.AnyPort, new ZmqServerOptions { Curve = ZmqCurve.Server(ZmqCurveKeyPair.Generate()) });
        server.Start();

        using var python = Python.Start("curve_client.py", "call", server.Endpoint, $"--server-key={ZmqCurveKeyPair.Generate().PublicKey}", "--timeout", "1");

        var (exitCode, _) = await python.FinishedAsync();
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Resource temporarily unavailable", python.Errors);
        Assert.Empty(implementation.Received);
    }
}
