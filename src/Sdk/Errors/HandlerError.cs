using System;

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
        var type = exception.GetType().FullName;
        if (exception is ZmqFaultException)
        {
            return new(type, Fit(MessageOf(exception), type, maxMessageSize), null);
        }

        var errorId = NewErrorId();
        return includeDetails
            ? new(type, Fit(MessageOf(exception), type, maxMessageSize), errorId)
            : new(null, $"{(exception is Runtime.ResultEncodingException ? "the handler's result could not be written" : "the handler threw an exception")}, logged as error {errorId} (its type and message stay there unless IncludeExceptionDetails is set)", errorId);
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
    /// <paramref name="maxMessageSize"/> beside its other fields: the keys, the code and the id (under 96 bytes), and
    /// <paramref name="remoteType"/>. Nothing but the note when only it fits; nothing at all when not even it does.
    /// </summary>
    public static string Fit(string message, string? remoteType, long maxMessageSize)
    {
        var room = maxMessageSize - 96 - JsonLength(remoteType ?? "");
        if (message.Length * 6L <= room || JsonLength(message) <= room)
        {
            return message;
        }

        var note = $"… (cut from {message.Length} characters to fit MaxMessageSize)";
        var kept = (int)Math.Clamp((room - JsonLength(note)) / 6, 0, message.Length);
        if (kept > 0 && char.IsHighSurrogate(message[kept - 1]))
        {
            kept--;
        }

        return room < JsonLength(note) ? "" : string.Concat(message.AsSpan(0, kept), note);
    }

    /// <summary>
    /// The most bytes JSON may take for <paramref name="text"/>: six for a character it escapes (<c>\uXXXX</c>, which
    /// System.Text.Json's default encoder writes for all but plain ASCII, and for <c>" \ &lt; &gt; &amp; ' + `</c>), one
    /// for any other. Counted by hand: a measure by the encoder throws on a lone surrogate, which the writer takes.
    /// </summary>
    private static long JsonLength(string text)
    {
        long length = 0;
        foreach (var character in text)
        {
            length += character is >= ' ' and < (char)0x80 and not ('"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`') ? 1 : 6;
        }

        return length;
    }

    /// <summary>16 random hex digits: unique enough to find one error in a log, short enough to read out.</summary>
    private static string NewErrorId() => Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
