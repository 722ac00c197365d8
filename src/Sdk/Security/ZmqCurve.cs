using System;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// CURVE encryption for an endpoint's sockets (<see cref="ZmqSocketOptions.Curve"/>): either this side is the CURVE
/// server and holds the server key pair (<see cref="Server"/>), or it is a CURVE client and knows the server's public key
/// (<see cref="Client"/>). Normally the side that binds is the server: a request/reply server, a publisher, a producer, a
/// collector and a relay bind; clients, subscribers and workers connect. A connection is made only when the client has
/// the server's public key; a ZeroMQ 4 client (NetMQ 4, libzmq 4) without it, or with another, gets nothing through.
/// NetMQ checks no client key and still lets ZeroMQ 2.x peers in unencrypted: what its CURVE does and does not provide is
/// in docs/security.md. Immutable and thread-safe; <see cref="ToString"/> never shows a secret key.
/// </summary>
public sealed class ZmqCurve
{
    private readonly byte[] _serverKey;

    private ZmqCurve(bool isServer, string serverPublicKey, byte[] serverKey, ZmqCurveKeyPair keyPair)
    {
        IsServer = isServer;
        ServerPublicKey = serverPublicKey;
        _serverKey = serverKey;
        KeyPair = keyPair;
    }

    /// <summary>Whether this side is the CURVE server (it holds the server key pair) rather than a client of one.</summary>
    public bool IsServer { get; }

    /// <summary>The server's public key in Z85 text: this side's own public key on a server, the one it trusts on a client.</summary>
    public string ServerPublicKey { get; }

    /// <summary>This side's own key pair: the server key pair on a server, the client's on a client.</summary>
    public ZmqCurveKeyPair KeyPair { get; }

    /// <summary>This side is the CURVE server, with <paramref name="serverKeyPair"/>; its clients need the pair's public key.</summary>
    /// <param name="serverKeyPair">The server's key pair.</param>
    public static ZmqCurve Server(ZmqCurveKeyPair serverKeyPair)
    {
        ArgumentNullException.ThrowIfNull(serverKeyPair);
        return new ZmqCurve(isServer: true, serverKeyPair.PublicKey, serverKeyPair.Certificate.PublicKey, serverKeyPair);
    }

    /// <summary>This side is a CURVE client of the server whose public key is <paramref name="serverPublicKey"/>.</summary>
    /// <param name="serverPublicKey">The server's public key in Z85 text, such as <see cref="ZmqCurveKeyPair.PublicKey"/> or the first half of <c>zmq.curve_keypair()</c>.</param>
    /// <param name="clientKeyPair">
    /// The client's own key pair; <see langword="null"/> (the default) generates one. NetMQ does not let a server check
    /// client keys, so the client's key identifies nothing to a NetMQ server; give one when the server is libzmq with an
    /// authenticator that checks it.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="serverPublicKey"/> is not 40 characters of Z85 text.</exception>
    public static ZmqCurve Client(string serverPublicKey, ZmqCurveKeyPair? clientKeyPair = null) =>
        new(isServer: false, serverPublicKey, Z85Key.Decode(serverPublicKey, nameof(serverPublicKey)), clientKeyPair ?? ZmqCurveKeyPair.Generate());

    /// <summary>Says which side this is and which public keys it uses; never a secret key.</summary>
    public override string ToString() => IsServer
        ? $"CURVE server {ServerPublicKey}"
        : $"CURVE client {KeyPair.PublicKey} of server {ServerPublicKey}";

    /// <summary>
    /// The role of a socket that connects back to a peer holding this side's own server key pair: a producer's
    /// acknowledgement socket, which connects to the collector of the same pipeline (docs/security.md).
    /// </summary>
    internal ZmqCurve ClientOfOwnKeys() => IsServer ? Client(ServerPublicKey) : this;

    /// <summary>
    /// How much longer a frame is on the wire encrypted: ZMTP's CURVE sends each as a MESSAGE command (8 bytes of its
    /// name, an 8-byte nonce, a 16-byte MAC and a byte of flags around the frame), and NetMQ holds that command, not the
    /// frame, to the receiver's <c>MaxMsgSize</c>. Measured: with a limit of 4,096, a frame of 4,063 bytes passed and
    /// one of 4,064 dropped the connection.
    /// </summary>
    internal const int FrameOverhead = 33;

    /// <summary>Makes a new socket speak CURVE in this role.</summary>
    internal void Apply(SocketOptions options)
    {
        // CurveServer first: NetMQ resets the mechanism with it (to none when false); the keys set after it choose CURVE.
        options.CurveServer = IsServer;
        options.CurveCertificate = KeyPair.Certificate;
        if (!IsServer)
        {
            options.CurveServerKey = _serverKey;
        }
    }
}
