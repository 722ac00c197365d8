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
    public static HandlerError Of(Exception exception, bool includeDetails)
    {
        if (exception is ZmqFaultException)
        {
            return new(exception.GetType().FullName, exception.Message, null);
        }

        var errorId = NewErrorId();
        return includeDetails
            ? new(exception.GetType().FullName, exception.Message, errorId)
            : new(null, $"the handler threw an exception, logged as error {errorId} (its type and message stay there unless IncludeExceptionDetails is set)", errorId);
    }

    /// <summary>16 random hex digits: unique enough to find one error in a log, short enough to read out.</summary>
    private static string NewErrorId() => Random.Shared.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
