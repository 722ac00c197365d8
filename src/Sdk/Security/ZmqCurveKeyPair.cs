using System;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// A CURVE key pair: a public key, which may be given to anyone, and the secret key that goes with it, which never leaves
/// this object except through <see cref="ExportSecretKey"/>. Keys are written as 40 characters of Z85 text, the form
/// <c>zmq.curve_keypair()</c> (pyzmq), <c>zmq_curve_keypair</c> (libzmq) and <c>NetMQCertificate</c> use.
/// Immutable and thread-safe; <see cref="ToString"/> shows the public key only.
/// </summary>
public sealed class ZmqCurveKeyPair
{
    private readonly NetMQCertificate _certificate;

    private ZmqCurveKeyPair(NetMQCertificate certificate)
    {
        _certificate = certificate;
        PublicKey = certificate.PublicKeyZ85;
    }

    /// <summary>The public key in Z85 text: what the other side is given.</summary>
    public string PublicKey { get; }

    /// <summary>Makes a new key pair from a cryptographically secure random secret key.</summary>
    public static ZmqCurveKeyPair Generate() => new(new NetMQCertificate());

    /// <summary>Loads a key pair from its secret key; the public key is derived from it.</summary>
    /// <param name="secretKey">The secret key in Z85 text, such as the second half of <c>zmq.curve_keypair()</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="secretKey"/> is not 40 characters of Z85 text (the message says what is wrong without quoting the key).</exception>
    public static ZmqCurveKeyPair FromSecretKey(string secretKey) =>
        new(NetMQCertificate.CreateFromSecretKey(Z85Key.Decode(secretKey, nameof(secretKey))));

    /// <summary>Loads a key pair stored as both keys, checking that they belong together.</summary>
    /// <param name="publicKey">The public key in Z85 text.</param>
    /// <param name="secretKey">The secret key in Z85 text.</param>
    /// <exception cref="ArgumentException">A key is not 40 characters of Z85 text, or the public key is not the secret key's.</exception>
    public static ZmqCurveKeyPair FromKeys(string publicKey, string secretKey)
    {
        var expectedPublicKey = Z85Key.Decode(publicKey, nameof(publicKey));
        var pair = FromSecretKey(secretKey);
        if (!expectedPublicKey.AsSpan().SequenceEqual(pair._certificate.PublicKey))
        {
            throw new ArgumentException("This public key does not belong to the secret key given with it: the two come from different key pairs.", nameof(publicKey));
        }

        return pair;
    }

    /// <summary>The secret key in Z85 text, to store the pair (and load it again with <see cref="FromSecretKey"/>). Keep it secret.</summary>
    public string ExportSecretKey() => _certificate.SecretKeyZ85!;

    /// <summary>Names the public key; the secret key is never shown.</summary>
    public override string ToString() => $"CURVE key pair {PublicKey}";

    /// <summary>The pair as NetMQ takes it. NetMQ copies the keys into the socket's options.</summary>
    internal NetMQCertificate Certificate => _certificate;
}
