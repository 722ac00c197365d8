using System;
using Microsoft.Extensions.Logging;

namespace ZmqContracts;

/// <summary>What the pipeline producer, worker, collector and relay log: event ids 200–299.</summary>
internal static partial class Log
{
    [LoggerMessage(200, LogLevel.Warning, "{Contract} producer: items not handed to the socket before it closed (no worker connected, or every worker's queue full): {Count} since the last such warning")]
    public static partial void ItemsUndeliverable(ILogger logger, Exception? exception, string contract, long count);

    [LoggerMessage(201, LogLevel.Error, "{Contract} worker: {Operation} threw; the item is reported as failed (error {ErrorId}, the id the failure carries)")]
    public static partial void ItemFailed(ILogger logger, Exception exception, string contract, string operation, string errorId);

    [LoggerMessage(220, LogLevel.Information, "{Contract} worker: {Operation} failed an item with a fault: {Fault}")]
    public static partial void ItemFaulted(ILogger logger, string contract, string operation, string fault);

    [LoggerMessage(202, LogLevel.Warning, "{Contract} worker: refused an item ({Code}): {Reason}")]
    public static partial void RefusedItem(ILogger logger, string contract, ZmqErrorCode code, string reason);

    [LoggerMessage(215, LogLevel.Warning, "{Contract} worker: since the last such warning, {Count} items were {Refusal}; at most one warning every {Interval}")]
    public static partial void RefusedItems(ILogger logger, string contract, long count, string refusal, TimeSpan interval);

    [LoggerMessage(203, LogLevel.Warning, "{Contract} worker: results or failures not sent to {Endpoint}: {Count} since the last such warning")]
    public static partial void ResultsUndeliverable(ILogger logger, Exception? exception, string contract, string endpoint, long count);

    [LoggerMessage(204, LogLevel.Warning, "{Contract} worker: items still in hand after the drain timeout of {DrainTimeout} were abandoned")]
    public static partial void WorkerDrainTimedOut(ILogger logger, string contract, TimeSpan drainTimeout);

    [LoggerMessage(205, LogLevel.Warning, "{Contract} worker: a failure from an earlier stage arrived, and a terminal stage has nowhere to pass it on: {Failure}")]
    public static partial void FailureStopsHere(ILogger logger, string contract, ZmqPipelineFailure failure);

    [LoggerMessage(216, LogLevel.Warning, "{Contract} worker: since the last such warning, {Count} more {Failures} from an earlier stage arrived, and a terminal stage has nowhere to pass them on; at most one warning every {Interval}")]
    public static partial void FailuresStopHere(ILogger logger, string contract, long count, string failures, TimeSpan interval);

    [LoggerMessage(206, LogLevel.Warning, "{Contract} collector: {Failure}")]
    public static partial void FailureCollected(ILogger logger, string contract, ZmqPipelineFailure failure);

    [LoggerMessage(217, LogLevel.Warning, "{Contract} collector: since the last such warning, {Count} more {Failures} arrived; at most one warning every {Interval}")]
    public static partial void FailuresCollected(ILogger logger, string contract, long count, string failures, TimeSpan interval);

    [LoggerMessage(207, LogLevel.Warning, "{Contract} collector: the oldest unread failure was dropped, {MaxQueuedFailures} already wait to be read: {Failure}")]
    public static partial void FailureDropped(ILogger logger, string contract, int maxQueuedFailures, ZmqPipelineFailure failure);

    [LoggerMessage(218, LogLevel.Warning, "{Contract} collector: since the last such warning, {Count} more unread {Failures} were dropped, {MaxQueuedFailures} already waiting to be read; at most one warning every {Interval}")]
    public static partial void FailuresDropped(ILogger logger, string contract, long count, string failures, int maxQueuedFailures, TimeSpan interval);

    [LoggerMessage(208, LogLevel.Warning, "Pipeline relay {Input} → {Output}: messages not passed on before the relay closed: {Count} since the last such warning")]
    public static partial void RelayUndeliverable(ILogger logger, Exception? exception, string input, string output, long count);

    [LoggerMessage(209, LogLevel.Warning, "{Contract} producer: item {Sequence} was not acknowledged after {MaxRedeliveries} redeliveries and is abandoned")]
    public static partial void ItemAbandoned(ILogger logger, string contract, long sequence, int maxRedeliveries);

    [LoggerMessage(210, LogLevel.Warning, "{Contract} producer: {Count} items were still unacknowledged when it closed, {Linger} after it was disposed")]
    public static partial void ItemsUnacknowledged(ILogger logger, string contract, int count, TimeSpan linger);

    [LoggerMessage(211, LogLevel.Debug, "{Contract} collector: a duplicate of item {Sequence} of producer {Producer} was not delivered again")]
    public static partial void DuplicateDropped(ILogger logger, string contract, Guid producer, long sequence);

    [LoggerMessage(212, LogLevel.Debug, "{Contract} producer: item {Sequence} was not acknowledged in time and is sent again (delivery {Delivery})")]
    public static partial void ItemRedelivered(ILogger logger, string contract, long sequence, int delivery);

    [LoggerMessage(213, LogLevel.Information, "{Contract} worker: acknowledged item {Sequence} was not done when the worker shut down; its producer sends it again")]
    public static partial void ItemGivenBack(ILogger logger, string contract, long sequence);

    [LoggerMessage(214, LogLevel.Warning, "{Contract} producer: item {Sequence} was not acknowledged after a redelivery either; it is sent alone (delivery {Delivery}) while other sends wait, so that a worker that drops its connection for it cannot take other items along")]
    public static partial void ItemSentAlone(ILogger logger, string contract, long sequence, int delivery);
}
