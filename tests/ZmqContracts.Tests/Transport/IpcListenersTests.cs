using System.Net.Sockets;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Transport;

/// <summary>The loopback TCP port where NetMQ carries an <c>ipc://</c> endpoint, which the close waits on and messages name.</summary>
public class IpcListenersTests
{
    /// <summary>Names of every length modulo 4 (the hash takes four characters at a time), and one past ASCII.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("-ünï")]
    public void The_port_is_the_one_NetMQ_binds_for_the_name(string suffix)
    {
        var endpoint = Loopback.FreeIpcEndpoint(suffix);
        var listener = IpcListeners.Of(endpoint);
        using var pull = new PullSocket();
        pull.Bind(endpoint);

        using var probe = new Socket(listener.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => probe.Bind(listener));
    }

    [Fact]
    public void A_name_whose_port_is_in_use_gets_a_message_naming_the_port()
    {
        var endpoint = Loopback.FreeIpcEndpoint();
        var listener = IpcListeners.Of(endpoint);
        using var holder = new Socket(listener.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(listener);
        holder.Listen();
        using var pull = new PullSocket();

        var failure = Assert.Throws<ZmqException>(() => SocketEndpoints.Bind(pull, endpoint, "TestServer"));

        Assert.Contains($"The TestServer cannot bind {endpoint}: NetMQ carries it over the loopback TCP port {listener.Port} (a hash of the name), which is in use", failure.Message);
    }
}
