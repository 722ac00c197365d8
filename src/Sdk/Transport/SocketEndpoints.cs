using System;
using NetMQ;

namespace ZmqContracts;

/// <summary>Binds and connects sockets, turning NetMQ's failures into a <see cref="ZmqException"/> that names the endpoint.</summary>
internal static class SocketEndpoints
{
    /// <summary>Binds <paramref name="socket"/> and returns the address actually bound (the port chosen for <c>*</c>).</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="endpoint">A ZeroMQ endpoint, such as <c>tcp://127.0.0.1:*</c>.</param>
    /// <param name="owner">Who binds or connects, for the message, such as <c>Calculator server</c>.</param>
    public static string Bind(NetMQSocket socket, string endpoint, string owner)
    {
        try
        {
            socket.Bind(endpoint);
        }
        catch (Exception exception) when (exception is NetMQException or ArgumentException)
        {
            throw new ZmqException($"The {owner} could not bind {endpoint}: {exception.Message}", exception);
        }

        return socket.Options.LastEndpoint ?? endpoint;
    }

    /// <summary>Connects <paramref name="socket"/>; ZeroMQ makes the connection in the background and retries it.</summary>
    /// <inheritdoc cref="Bind" path="/param"/>
    public static void Connect(NetMQSocket socket, string endpoint, string owner)
    {
        try
        {
            socket.Connect(endpoint);
        }
        catch (Exception exception) when (exception is NetMQException or ArgumentException)
        {
            throw new ZmqException($"The {owner} could not connect to {endpoint}: {exception.Message}", exception);
        }
    }
}
