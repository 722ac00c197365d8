using System;

namespace ZmqContracts;

/// <summary>
/// Marks an interface as a pipeline stage: a producer PUSHes items, workers PULL them, run the implementation and PUSH
/// each result on, and a collector PULLs every result. The ZmqContracts generator writes a <c>XxxProducer</c>, a
/// <c>XxxWorker</c> hosting an implementation, and (when an operation returns a result) a <c>XxxCollector</c>.
/// </summary>
/// <remarks>
/// Every method of the interface is an operation of the stage: it takes exactly one item of a serializable type and,
/// optionally, a trailing <see cref="System.Threading.CancellationToken"/>, and returns
/// <see cref="System.Threading.Tasks.Task{TResult}"/> or <see cref="System.Threading.Tasks.ValueTask{TResult}"/> (the
/// result goes on to the collector or the next stage) or <see cref="System.Threading.Tasks.Task"/> or
/// <see cref="System.Threading.Tasks.ValueTask"/> (a terminal operation: nothing goes on). The attribute is accepted on
/// classes and structs only so that analyzer ZMQ0201 can explain why it belongs on an interface.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class PipelineAttribute : Attribute
{
    /// <summary>The contract's wire format; <see cref="ZmqFormat.MessagePack"/> unless stated.</summary>
    public ZmqFormat Format { get; set; }

    /// <summary>
    /// With <see cref="ZmqFormat.Json"/>, the <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> (with a public
    /// parameterless constructor) that describes the types this contract sends, so that JSON needs no reflection:
    /// the path to native AOT and trimming. <see langword="null"/>: System.Text.Json describes them by reflection.
    /// </summary>
    public Type? JsonContext { get; set; }
}
