using System;
using System.Text.Json;

namespace ZmqContracts;

/// <summary>
/// What a caller is told when a handler throws (docs/protocol.md, error reply). A <see cref="ZmqFaultException"/>'s
/// message is meant for the caller and always crosses. Any other exception's type and message may tell internals, so
/// they cross only when the endpoint's options include exception details; the caller otherwise gets the id under which
/// the error was logged, to look it up there.
/// </summary>
internal readonly record struct HandlerError(string? RemoteType, string Message, string? ErrorId)
{
    /// <param name="exception">What the handler threw.</param>
    /// <param name="includeDetails">Whether any exception's type and message cross, or only a fault's.</param>
    /// <param name="maxMessageSize">
    /// The limit the error's frame is held to, as every frame the endpoint sends: a message that would make it longer is
    /// cut to fit, so that the error does not drop the connection, and the replies behind it, at the receiver.
    /// </param>
    public static HandlerError Of(Exception exception, bool includeDetails, long maxMessageSize)
    {
        if (exception is ZmqFaultException)
        {
            return new(exception.GetType().FullName, Fit(MessageOf(exception), maxMessageSize), null);
        }

        var errorId = NewErrorId();
        return includeDetails
            ? new(exception.GetType().FullName, Fit(MessageOf(exception), maxMessageSize), errorId)
            : new(null, $"the handler threw an exception, logged as error {errorId} (its type and message stay there unless IncludeExceptionDetails is set)", errorId);
    }

    /// <summary>
    /// The exception's message; when its <c>Message</c> throws (a bug of that exception type), a sentence that says so,
    /// so that reporting the failure does not fail too.
    /// </summary>
    public static string MessageOf(Exception exception)
    {
        try
        {
            return exception.Message;
        }
        catch (Exception broken)
        {
            return $"({exception.GetType().FullName}.Message threw {broken.GetType().FullName})";
        }
    }

    /// <summary>
    /// <paramref name="message"/>, or as much of it as surely fits, with a note, in an error frame held to
    /// <paramref name="maxMessageSize"/>: its JSON within what the frame's other fields leave (512 bytes, or half the
    /// limit, whichever is less), counting six bytes a character once it must be cut (JSON may write one as <c>\uXXXX</c>).
    /// </summary>
    private static string Fit(string message, long maxMessageSize)
    {
        var room = maxMessageSize - Math.Min(512, maxMessageSize / 2);
        if (message.Length * 6L <= room || JsonEncodedText.Encode(message).EncodedUtf8Bytes.Length <= room)
        {
            return message;
        }

        var note = $"… (cut from {message.Length} characters to fit MaxMessageSize)";
        var kept = (int)Math.Clamp((room / 6) - note.Length, 0, message.Length);
        if (kept > 0 && char.IsHighSurrogate(message[kept - 1]))
        {
            kept--;
        }

        return string.Concat(message.AsSpan(0, kept), note);
    }

    /// <summary>16 random hex digits: unique enough to find one error in a log, short enough to read out.</summary>
    private static string NewErrorId() => Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
