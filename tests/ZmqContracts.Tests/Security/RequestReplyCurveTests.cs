using System;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Security;

/// <summary>CURVE between a generated request/reply server (the CURVE server: it binds) and its clients.</summary>
public class RequestReplyCurveTests
{
    [Fact]
    public async Task A_client_with_the_servers_public_key_is_answered()
    {
        var serverKeys = ZmqCurveKeyPair.Generate();
        await using var served = ServedShapes.Start(
            new ZmqServerOptions { Curve = ZmqCurve.Server(serverKeys) },
            new ZmqClientOptions { Curve = ZmqCurve.Client(serverKeys.PublicKey) });

        Assert.Equal("over CURVE", await served.Client.Echo("over CURVE").Bound());
        Assert.Equal(6, await served.Client.Sum(1, 2, 3).Bound());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("wrong")]
    public async Task A_client_without_the_servers_public_key_gets_nothing_through_and_times_out(string serverKey)
    {
        var serverKeys = ZmqCurveKeyPair.Generate();
        await using var served = ServedShapes.Start(
            new ZmqServerOptions { Curve = ZmqCurve.Server(serverKeys) },
            new ZmqClientOptions { Curve = ZmqCurve.Client(serverKeys.PublicKey) });
        var log = new Pipeline.ListLogger();
        await using var impostor = new ShapesClient(served.Server.Endpoint,
            new ZmqClientOptions { Curve = CurveTesting.ClientWith(serverKey), RequestTimeout = TimeSpan.FromSeconds(2), Logger = log });

        // The client tells a failed handshake from the connections it saw closed before anything came through, two at least.
        var changes = Channel.CreateUnbounded<ZmqConnectionEventArgs>();
        impostor.ConnectionChanged += (_, change) => changes.Writer.TryWrite(change);
        await changes.Reader.ReadUntil(connected: false).Bound();
        await changes.Reader.ReadUntil(connected: false).Bound();
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => impostor.Store(1, "from the impostor", default).AsTask()).Bound();

        Assert.Contains($"no reply from {served.Server.Endpoint}", failure.Message, StringComparison.Ordinal);
        Assert.Contains("connections were closed before anything came through them, as when the ZeroMQ handshake fails", failure.Message, StringComparison.Ordinal);
        Assert.Contains(HandshakeFailureCause(serverKey), failure.Message, StringComparison.Ordinal);
        Assert.Contains(log.Entries, entry => entry.Message.Contains("as when the ZeroMQ handshake fails", StringComparison.Ordinal));
        await served.Client.Store(2, "from the client", default).Bound();
        Assert.Equal("from the client", Assert.Single(served.Implementation.Stored).Value);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("wrong")]
    public async Task A_first_call_of_a_new_client_without_the_servers_public_key_times_out_saying_its_handshakes_seem_to_fail(string serverKey)
    {
        var serverKeys = ZmqCurveKeyPair.Generate();
        await using var served = ServedShapes.Start(new ZmqServerOptions { Curve = ZmqCurve.Server(serverKeys) });
        await using var impostor = new ShapesClient(served.Server.Endpoint,
            new ZmqClientOptions { Curve = CurveTesting.ClientWith(serverKey), RequestTimeout = TimeSpan.FromSeconds(5) });

        // Sent at once, before any connection was tried: the handshakes fail while the call waits, one every reconnection
        // interval (100 ms), so that a loaded machine still sees the two it takes.
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => impostor.Store(1, "from the impostor", default).AsTask()).Bound();

        Assert.Contains("connections were closed before anything came through them, as when the ZeroMQ handshake fails", failure.Message, StringComparison.Ordinal);
        Assert.Contains(HandshakeFailureCause(serverKey), failure.Message, StringComparison.Ordinal);
        Assert.Empty(served.Implementation.Stored);
    }

    /// <summary>What a client with <see cref="CurveTesting.ClientWith"/> <paramref name="serverKey"/> names as the likely cause of its failed handshakes.</summary>
    private static string HandshakeFailureCause(string serverKey) => serverKey == "none"
        ? "the server requires a security mechanism that this client does not use"
        : "the client's server key is not the server's public key";
}
