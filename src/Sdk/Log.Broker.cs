using System;
using Microsoft.Extensions.Logging;

namespace ZmqContracts;

/// <summary>What the Majordomo broker, the servers that are its workers, and the publish/subscribe proxy log: event ids 300–399.</summary>
internal static partial class Log
{
    [LoggerMessage(300, LogLevel.Warning, "Broker {Endpoint}: dropped a message of {FrameCount} frames that is not MDP/0.1 ({Reason})")]
    public static partial void BrokerDroppedInvalid(ILogger logger, string endpoint, int frameCount, string reason);

    [LoggerMessage(301, LogLevel.Information, "Broker {Endpoint}: worker {Worker} registered for service {Service}")]
    public static partial void WorkerRegistered(ILogger logger, string endpoint, string worker, string service);

    /// <summary>Ends with <paramref name="request"/>: <see cref="DroppedRequest"/>, <see cref="DroppedRequestAnswered"/> or <see cref="NoRequest"/>.</summary>
    [LoggerMessage(302, LogLevel.Warning, "Broker {Endpoint}: worker {Worker} of service {Service} is gone ({Reason}); {Request}")]
    public static partial void WorkerGone(ILogger logger, string endpoint, string worker, string service, string reason, string request);

    /// <summary>The end of event 302 for a worker that was handling a request whose client the broker cannot answer (an MDP client of another kind).</summary>
    public const string DroppedRequest = "the request it was handling is dropped";

    /// <summary>The end of event 302 for a worker that was handling a typed client's request, which the broker answers with worker-lost.</summary>
    public const string DroppedRequestAnswered = "the request it was handling is dropped, and its client told that it may have run (worker-lost)";

    /// <summary>The end of event 302 for a worker that was handling no request.</summary>
    public const string NoRequest = "it was handling no request";

    [LoggerMessage(305, LogLevel.Information, "Broker {Endpoint}: worker {Worker} of service {Service} left (it sent DISCONNECT)")]
    public static partial void WorkerLeft(ILogger logger, string endpoint, string worker, string service);

    [LoggerMessage(303, LogLevel.Warning, "Broker {Endpoint}: dropped a request for service {Service}: {Reason}")]
    public static partial void BrokerDroppedRequest(ILogger logger, string endpoint, string service, string reason);

    [LoggerMessage(306, LogLevel.Warning, "Broker {Endpoint}: since the last such warning, dropped {Count} {Drop}; at most one warning every {Interval}")]
    public static partial void BrokerDropped(ILogger logger, string endpoint, long count, string drop, TimeSpan interval);

    [LoggerMessage(304, LogLevel.Debug, "Broker {Endpoint}: a message could not be delivered (its peer is gone, its queue is full, or the broker closed first)")]
    public static partial void BrokerUndeliverable(ILogger logger, Exception? exception, string endpoint);

    /// <summary>Ends with <paramref name="then"/>: <see cref="HeartbeatSkipped"/> or <see cref="RequestPutBack"/>.</summary>
    [LoggerMessage(307, LogLevel.Debug, "Broker {Endpoint}: worker {Worker} of service {Service} is busy or reads slowly: its queue is full, so a {Command} could not be sent to it; it stays registered, and {Then}")]
    public static partial void WorkerQueueFull(ILogger logger, string endpoint, string worker, string service, MajordomoFrames.Command command, string then);

    /// <summary>The end of event 307 for a HEARTBEAT: the worker's liveness is its own heartbeats'.</summary>
    public const string HeartbeatSkipped = "the heartbeat is skipped (its own heartbeats tell that it lives)";

    /// <summary>The end of event 307 for a REQUEST, which never reached the worker.</summary>
    public const string RequestPutBack = "the request goes back first in line; the worker gets none until its next heartbeat";

    [LoggerMessage(310, LogLevel.Warning, "{Contract} server: the broker at {Endpoint} {Reason}; registering again on a new connection")]
    public static partial void WorkerReconnecting(ILogger logger, string contract, string endpoint, string reason);

    [LoggerMessage(312, LogLevel.Warning, "{Contract} server: could not connect to the broker at {Endpoint} again; trying again after the heartbeat liveness")]
    public static partial void WorkerConnectFailed(ILogger logger, Exception exception, string contract, string endpoint);

    [LoggerMessage(313, LogLevel.Warning, "{Contract} server: NetMQ's context was terminated (NetMQConfig.Cleanup) while the server ran; its link to the broker at {Endpoint} ends. Dispose endpoints before NetMQConfig.Cleanup")]
    public static partial void WorkerLinkTerminated(ILogger logger, string contract, string endpoint);

    [LoggerMessage(311, LogLevel.Warning, "{Contract} server: ignored a message of {FrameCount} frames from the broker at {Endpoint} that is not an MDP/0.1 request")]
    public static partial void WorkerDroppedInvalid(ILogger logger, string contract, string endpoint, int frameCount);

    [LoggerMessage(314, LogLevel.Warning, "{Contract} server: dropped the reply to {Operation}: its request came over an earlier connection to the broker at {Endpoint}, replaced while the handler ran, and the broker has forgotten the worker it gave it to. The broker answers a ZmqContracts client with worker-lost (an idempotent call is sent again); another client waits out its own timeout")]
    public static partial void WorkerDroppedStaleReply(ILogger logger, string contract, string operation, string endpoint);

    [LoggerMessage(320, LogLevel.Warning, "Proxy {Endpoint}: a message could not be handed to the {Side} side")]
    public static partial void ProxyDropped(ILogger logger, Exception? exception, string endpoint, string side);
}
