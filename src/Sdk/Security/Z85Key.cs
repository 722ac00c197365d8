using System;

namespace ZmqContracts;

/// <summary>
/// Reads a CURVE key written as Z85 text (ZeroMQ's RFC 32): the 40-character form of a 32-byte key that
/// <c>zmq.curve_keypair()</c>, <c>zmq_curve_keypair</c> and <c>NetMQCertificate</c> write.
/// </summary>
internal static class Z85Key
{
    public const int TextLength = 40;

    private const int KeyLength = 32;

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

    /// <summary>Decodes <paramref name="text"/>, or throws an exception naming <paramref name="parameterName"/> and saying what is wrong, never quoting the text (it may be a secret).</summary>
    public static byte[] Decode(string text, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(text, parameterName);
        if (text.Length != TextLength)
        {
            throw new ArgumentException(
                $"A CURVE key is {TextLength} characters of Z85 text (what zmq.curve_keypair() and NetMQCertificate write); this one has {text.Length}.",
                parameterName);
        }

        var key = new byte[KeyLength];
        for (var block = 0; block < TextLength / 5; block++)
        {
            ulong value = 0;
            for (var i = block * 5; i < block * 5 + 5; i++)
            {
                var digit = Alphabet.IndexOf(text[i], StringComparison.Ordinal);
                if (digit < 0)
                {
                    throw new ArgumentException($"A CURVE key is Z85 text; character {i + 1} of this one is not a Z85 character.", parameterName);
                }

                value = value * 85 + (ulong)digit;
            }

            if (value > uint.MaxValue)
            {
                throw new ArgumentException($"A CURVE key is Z85 text; characters {block * 5 + 1} to {block * 5 + 5} of this one do not encode four bytes.", parameterName);
            }

            key[block * 4] = (byte)(value >> 24);
            key[block * 4 + 1] = (byte)(value >> 16);
            key[block * 4 + 2] = (byte)(value >> 8);
            key[block * 4 + 3] = (byte)value;
        }

        return key;
    }
}
