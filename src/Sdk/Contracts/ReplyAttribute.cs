using System;

namespace ZmqContracts;

/// <summary>
/// Marks an interface as a request/reply contract. The ZmqContracts generator writes a
/// <c>XxxClient</c> that implements the interface over a ZeroMQ DEALER socket and a
/// <c>XxxServer</c> that hosts an implementation behind a ROUTER socket.
/// </summary>
/// <remarks>
/// Every method of the interface is an operation: it returns <see cref="System.Threading.Tasks.Task"/>,
/// <see cref="System.Threading.Tasks.Task{TResult}"/>, <see cref="System.Threading.Tasks.ValueTask"/> or
/// <see cref="System.Threading.Tasks.ValueTask{TResult}"/>, takes parameters of serializable types and,
/// optionally, a trailing <see cref="System.Threading.CancellationToken"/>. The attribute is accepted on
/// classes and structs only so that analyzer ZMQ0001 can explain why it belongs on an interface.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ReplyAttribute : Attribute
{
    /// <summary>The contract's wire format; <see cref="ZmqFormat.MessagePack"/> unless stated.</summary>
    public ZmqFormat Format { get; set; }

    /// <summary>
    /// Whether the generated client starts each request with the operation's name. Default <see langword="true"/>. Set it
    /// to <see langword="false"/> on a contract of one operation to send the payload alone, as a plain REQ peer does, so
    /// that a server that reads one frame and replies with one (the pyzmq tutorial's <c>socket.recv()</c> and
    /// <c>socket.send(...)</c> over REP) can be called. Allowed only on a contract of exactly one operation (ZMQ0016); the
    /// generated server accepts both forms anyway.
    /// </summary>
    public bool OperationFrame { get; set; } = true;

    /// <summary>
    /// With <see cref="ZmqFormat.Json"/>, the <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> (with a public
    /// parameterless constructor) that describes the types this contract sends, so that JSON needs no reflection:
    /// the path to native AOT and trimming. <see langword="null"/>: System.Text.Json describes them by reflection.
    /// </summary>
    public Type? JsonContext { get; set; }
}
