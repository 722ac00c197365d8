using System;

namespace ZmqContracts;

/// <summary>Tells that a client's connection to its server was made or lost.</summary>
/// <param name="isConnected">Whether the client is connected now.</param>
/// <param name="endpoint">The server's endpoint.</param>
public sealed class ZmqConnectionEventArgs(bool isConnected, string endpoint) : EventArgs
{
    /// <summary>Whether the client is connected now: <see langword="true"/> once a TCP connection to the server is made, <see langword="false"/> once it is lost.</summary>
    public bool IsConnected { get; } = isConnected;

    /// <summary>The server's endpoint.</summary>
    public string Endpoint { get; } = endpoint;
}
