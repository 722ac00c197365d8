using System.ComponentModel;
using System.Threading;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// An item as a generated worker's handler sees it: the item to read, and the result to pass on.
/// Used by generated code; not meant to be created by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class IncomingItem
{
    private readonly IZmqSerializer _serializer;

    /// <summary>1 once the item's outcome is claimed (<see cref="TryClaimOutcome"/>).</summary>
    private int _outcomeClaimed;

    internal IncomingItem(PipelineOperation operation, NetMQFrame payload, IZmqSerializer serializer, PipelineWorker.Carried carried)
    {
        Operation = operation;
        Payload = payload;
        _serializer = serializer;
        Carried = carried;
    }

    /// <summary>The operation the item is for.</summary>
    public PipelineOperation Operation { get; }

    internal NetMQFrame Payload { get; }

    /// <summary>What the item carries on to its result or failure.</summary>
    internal PipelineWorker.Carried Carried { get; }

    /// <summary>The result payload the handler set, or <see langword="null"/> for a terminal operation.</summary>
    internal byte[]? Result { get; private set; }

    /// <summary>Reads the item.</summary>
    /// <param name="nullable">
    /// Whether the item may be null: <see langword="false"/> for a parameter of a reference type that the contract declares
    /// not nullable, whose null (MessagePack nil, JSON <c>null</c>) is then refused before the handler runs.
    /// </param>
    /// <exception cref="RequestDecodingException">
    /// The frame is not a <typeparamref name="T"/>, or is null where <paramref name="nullable"/> is false; the item is
    /// reported as a bad request.
    /// </exception>
    public T Read<T>(bool nullable = true) => PayloadFrames.ReadInput<T>(_serializer, Payload.Memory(), new("item of {0}", Operation.Name), nullable);

    /// <summary>Sets the result that goes on to the collector or the next stage.</summary>
    /// <exception cref="ResultEncodingException">The format cannot write the value; the item is reported as failed, saying so.</exception>
    public void SetResult<T>(T value) => Result = PayloadFrames.WriteResult(_serializer, value, new("result of {0}", Operation.Name));

    /// <summary>
    /// Claims the one outcome the item sends on: true for the first caller only — the worker once the handler ends, or a
    /// close that gives up on a handler still running.
    /// </summary>
    internal bool TryClaimOutcome() => Interlocked.Exchange(ref _outcomeClaimed, 1) == 0;
}
