using System.ComponentModel;
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

    internal IncomingItem(PipelineOperation operation, NetMQFrame payload, IZmqSerializer serializer)
    {
        Operation = operation;
        Payload = payload;
        _serializer = serializer;
    }

    /// <summary>The operation the item is for.</summary>
    public PipelineOperation Operation { get; }

    internal NetMQFrame Payload { get; }

    /// <summary>The result payload the handler set, or <see langword="null"/> for a terminal operation.</summary>
    internal byte[]? Result { get; private set; }

    /// <summary>Reads the item.</summary>
    /// <exception cref="RequestDecodingException">The frame is not a <typeparamref name="T"/>; the item is reported as a bad request.</exception>
    public T Read<T>() => PayloadFrames.ReadInput<T>(_serializer, Payload.Memory(), new("item of {0}", Operation.Name));

    /// <summary>Sets the result that goes on to the collector or the next stage.</summary>
    public void SetResult<T>(T value) => Result = PayloadFrames.Serialize(_serializer, value, new("result of {0}", Operation.Name));
}
