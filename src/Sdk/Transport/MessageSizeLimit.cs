using System;
using System.Globalization;

namespace ZmqContracts;

/// <summary>
/// Refuses, before it is queued, a frame that a receiver with the sender's <see cref="ZmqSocketOptions.MaxMessageSize"/>
/// would drop the connection for: NetMQ would send it, the receiver would close the connection on reading its length,
/// and ZeroMQ would drop with that connection every message queued behind it (docs/guide.md, "Bad input and the size limit").
/// </summary>
internal static class MessageSizeLimit
{
    /// <summary>Throws when <paramref name="frame"/> is longer than <paramref name="limit"/>.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="limit">The sender's <see cref="ZmqSocketOptions.MaxMessageSize"/>.</param>
    /// <param name="what">What the frame is, for the message; formatted only when it is refused.</param>
    /// <exception cref="ZmqMessageTooLargeException">The frame is longer than the limit.</exception>
    public static void ThrowIfOver(byte[] frame, long limit, PayloadContext what)
    {
        if (frame.Length > limit)
        {
            throw new ZmqMessageTooLargeException(What(what), frame.Length, limit);
        }
    }

    /// <summary>Throws when one of <paramref name="frames"/> is longer than <paramref name="limit"/>.</summary>
    /// <inheritdoc cref="ThrowIfOver(byte[], long, PayloadContext)"/>
    public static void ThrowIfOver(ReadOnlySpan<byte[]> frames, long limit, PayloadContext what)
    {
        foreach (var frame in frames)
        {
            ThrowIfOver(frame, limit, what);
        }
    }

    /// <summary>
    /// Throws, as a fault that its caller or collector is told, when the result a handler set is longer than
    /// <paramref name="limit"/>: the result is not sent, since the receiver would drop the connection, and the replies or
    /// results queued behind it with it.
    /// </summary>
    /// <param name="result">The serialized result.</param>
    /// <param name="limit">The sending server's or worker's <see cref="ZmqSocketOptions.MaxMessageSize"/>.</param>
    /// <param name="what">What the result is, for the message.</param>
    /// <exception cref="ZmqFaultException">The result is longer than the limit.</exception>
    public static void ThrowIfResultOver(byte[] result, long limit, PayloadContext what)
    {
        if (result.Length > limit)
        {
            throw new ZmqFaultException(string.Create(
                CultureInfo.InvariantCulture,
                $"{What(what)} is {result.Length:N0} bytes, over the MaxMessageSize of {limit:N0} bytes of the side that sends it: it was not sent. Raise MaxMessageSize there and on the side that receives it to send larger results."));
        }
    }

    private static string What(PayloadContext what)
    {
        var text = what.ToString();
        return text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
    }
}
