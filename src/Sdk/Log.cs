using System;
using Microsoft.Extensions.Logging;

namespace ZmqContracts;

/// <summary>Every message ZmqContracts logs, in one place.</summary>
internal static partial class Log
{
    [LoggerMessage(400, LogLevel.Warning, "{Options}: the configuration reloaded gives options that are not valid, so the change is not applied (endpoints take their options when made, and keep those the host started with): {Problem}")]
    public static partial void ReloadNotApplied(ILogger logger, string options, string problem);

    [LoggerMessage(401, LogLevel.Warning, "{Options}: the configuration reloaded changes {Keys}, which is not applied: endpoints take their options when made, and keep those the host started with until the process restarts")]
    public static partial void ReloadChangeNotApplied(ILogger logger, string options, string keys);

    [LoggerMessage(1, LogLevel.Warning, "{Contract} client: dropped a malformed reply of {FrameCount} frames from {Endpoint}")]
    public static partial void MalformedReply(ILogger logger, string contract, string endpoint, int frameCount);

    [LoggerMessage(16, LogLevel.Warning, "{Contract} client: since the last such warning, {Count} more malformed replies from {Endpoint} were dropped; at most one warning every {Interval}")]
    public static partial void MalformedReplies(ILogger logger, string contract, long count, string endpoint, TimeSpan interval);

    [LoggerMessage(15, LogLevel.Warning, "{Contract} client: dropped {Count} message(s) from the broker at {Endpoint} that are no REPLY of service {Service} ending with the zmqc.call tag, so no call could be matched (a worker that does not return the tag at the end of its reply, docs/protocol.md); logged at once, then counted at most once every {Interval}")]
    public static partial void UntaggedReplies(ILogger logger, string contract, long count, string endpoint, string service, TimeSpan interval);

    [LoggerMessage(2, LogLevel.Debug, "{Contract} client: dropped a reply from {Endpoint} whose call had already ended (timed out or cancelled)")]
    public static partial void LateReply(ILogger logger, string contract, string endpoint);

    [LoggerMessage(3, LogLevel.Warning, "{Contract} server: dropped a message of {FrameCount} frames without an envelope delimiter")]
    public static partial void MissingDelimiter(ILogger logger, string contract, int frameCount);

    [LoggerMessage(4, LogLevel.Warning, "{Contract} server: refused a request ({Code}): {Reason}")]
    public static partial void RefusedRequest(ILogger logger, string contract, ZmqErrorCode code, string reason);

    [LoggerMessage(24, LogLevel.Warning, "{Contract} server: since the last such warning, {Count} requests were {Refusal}; at most one warning every {Interval}")]
    public static partial void RefusedRequests(ILogger logger, string contract, long count, string refusal, TimeSpan interval);

    [LoggerMessage(5, LogLevel.Error, "{Contract} server: {Operation} threw (error {ErrorId}, the id its caller was sent)")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string contract, string operation, string errorId);

    [LoggerMessage(6, LogLevel.Warning, "{Contract} server: a reply could not be delivered (its caller's queue was full, or the socket failed as the exception says)")]
    public static partial void ReplyUndeliverable(ILogger logger, Exception? exception, string contract);

    [LoggerMessage(25, LogLevel.Debug, "{Contract} server: dropped a reply whose caller is gone (its connection closed before the reply)")]
    public static partial void ReplyToGoneCaller(ILogger logger, string contract);

    [LoggerMessage(23, LogLevel.Error, "{Owner}: reading its socket threw, and what the read was doing is lost; the reads go on. A bug: please report it")]
    public static partial void ReceiveCallbackFailed(ILogger logger, Exception exception, string owner);

    [LoggerMessage(22, LogLevel.Error, "{Owner}: a callback that a handler registered on its cancellation token threw when shutdown cancelled the token; the shutdown went on")]
    public static partial void HandlerCancellationFailed(ILogger logger, Exception exception, string owner);

    [LoggerMessage(7, LogLevel.Warning, "{Contract} server: handlers still running after the drain timeout of {DrainTimeout} were abandoned")]
    public static partial void DrainTimedOut(ILogger logger, string contract, TimeSpan drainTimeout);

    [LoggerMessage(8, LogLevel.Information, "{Contract} client: no reply from {Endpoint} to attempt {Attempt} of {Operation}; sending it again")]
    public static partial void Retrying(ILogger logger, string contract, string operation, string endpoint, int attempt);

    [LoggerMessage(9, LogLevel.Warning, "{Contract} client: nothing came from {Endpoint} for a whole request timeout; replacing the connection")]
    public static partial void Reconnecting(ILogger logger, string contract, string endpoint);

    [LoggerMessage(14, LogLevel.Warning, "{Contract} client: {Calls} call(s) timed out with their requests perhaps still queued for {Endpoint}; replacing the connection, so that those are never sent")]
    public static partial void DroppingUndelivered(ILogger logger, string contract, int calls, string endpoint);

    [LoggerMessage(10, LogLevel.Information, "{Contract} client: connection to {Endpoint} {Change}")]
    public static partial void ConnectionChanged(ILogger logger, string contract, string endpoint, string change);

    [LoggerMessage(11, LogLevel.Error, "{Contract} client: a ConnectionChanged handler threw")]
    public static partial void ConnectionHandlerFailed(ILogger logger, Exception exception, string contract);

    [LoggerMessage(12, LogLevel.Information, "{Contract} client: {Outcome} at attempt {Attempt} of {Operation} ({Reason}); sending it again")]
    public static partial void RetryingAfterError(ILogger logger, string contract, string operation, string outcome, int attempt, string reason);

    [LoggerMessage(13, LogLevel.Warning, "{Contract} client: could not connect to {Endpoint} again; trying every second until it can")]
    public static partial void ReconnectFailed(ILogger logger, Exception exception, string contract, string endpoint);

    [LoggerMessage(20, LogLevel.Information, "{Contract} server: {Operation} failed the call with a fault for its caller: {Fault}")]
    public static partial void HandlerFaulted(ILogger logger, string contract, string operation, string fault);

    [LoggerMessage(21, LogLevel.Warning, "{Contract} client: connections to {Endpoint} are closed before anything comes through, as when the ZeroMQ handshake fails ({Cause}) or when connections are reset")]
    public static partial void HandshakeFailing(ILogger logger, string contract, string endpoint, string cause);
}
