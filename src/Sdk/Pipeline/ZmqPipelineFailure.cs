using System;

namespace ZmqContracts;

/// <summary>
/// An item that a pipeline stage could not process, as a collector reports it: the operation, why it failed, and the
/// item itself as it was sent, so that it can be logged or sent again.
/// </summary>
public sealed class ZmqPipelineFailure
{
    /// <summary>What messages and log lines say in place of the operation of a failure that named none.</summary>
    internal const string NoOperation = "(no operation)";

    private readonly IZmqSerializer _serializer;

    internal ZmqPipelineFailure(string operation, ZmqRemoteException error, ReadOnlyMemory<byte> item, IZmqSerializer serializer)
    {
        Operation = operation;
        Error = error;
        Item = item;
        _serializer = serializer;
    }

    /// <summary>
    /// The operation that failed, or an empty string when the failure did not name one; a name of more than 64 characters
    /// (no operation's, a peer's frame) is cut to its first 64 and <c>…</c>.
    /// </summary>
    public string Operation { get; }

    /// <summary>
    /// Why: <see cref="ZmqRemoteException.Code"/> is <see cref="ZmqErrorCode.HandlerFailed"/> when the implementation threw
    /// (with the <see cref="ZmqRemoteException.ErrorId"/> the worker logged it under; the exception's type and message only for a
    /// <see cref="ZmqFaultException"/> or with <see cref="ZmqWorkerOptions.IncludeExceptionDetails"/>), <see cref="ZmqErrorCode.BadRequest"/> when the item
    /// or the result could not be read, <see cref="ZmqErrorCode.UnknownOperation"/> when no operation has the name sent, and
    /// <see cref="ZmqErrorCode.Unavailable"/> when the worker shut down before the item's handler started (it did not run),
    /// <see cref="ZmqErrorCode.Interrupted"/> when the worker's shutdown cut the handler short (it may have run).
    /// </summary>
    public ZmqRemoteException Error { get; }

    /// <summary>The failed item's payload as it was sent; empty when the failure did not carry it.</summary>
    public ReadOnlyMemory<byte> Item { get; }

    /// <summary>Reads <see cref="Item"/> with the collector's serializer.</summary>
    /// <exception cref="ZmqPayloadException">The item is not a <typeparamref name="T"/>.</exception>
    public T ReadItem<T>() => PayloadFrames.Deserialize<T>(_serializer, Item, new("the item of a failed {0}", OperationOrNone));

    /// <inheritdoc />
    public override string ToString() => $"{OperationOrNone} failed: {Error.Message}";

    /// <summary>The operation, or <see cref="NoOperation"/> for a failure that named none, for messages.</summary>
    internal string OperationOrNone => Operation.Length == 0 ? NoOperation : Operation;
}
