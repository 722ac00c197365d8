using System;
using System.ComponentModel;
using System.Text;

namespace ZmqContracts.Runtime;

/// <summary>
/// One operation of a request/reply contract as a generated client calls it: its name, encoded once (every request
/// shares the frame), and whether it may be sent again. Generated code keeps one per operation in a static field.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RequestOperation
{
    private string? _method;

    /// <summary>Creates the operation.</summary>
    /// <param name="name">The operation's name on the wire.</param>
    /// <param name="idempotent">Whether the operation is safe to repeat, so that a call that times out, or that finds the server unavailable, may be sent again.</param>
    /// <param name="operationFrame">Whether a request starts with the operation's name; <see langword="false"/> for the only operation of a contract marked <c>OperationFrame = false</c>, whose requests are the payload alone.</param>
    /// <param name="resultNullable">
    /// Whether the result may be null: <see langword="false"/> for a result of a reference type that the contract declares
    /// not nullable, so that a reply that reads as null (MessagePack nil, JSON <c>null</c>) fails the call with a
    /// <see cref="ZmqPayloadException"/> instead of completing it with null.
    /// </param>
    public RequestOperation(string name, bool idempotent = false, bool operationFrame = true, bool resultNullable = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Idempotent = idempotent;
        NameFrame = operationFrame ? Encoding.UTF8.GetBytes(name) : null;
        ResultNullable = resultNullable;
    }

    /// <summary>The operation's name on the wire.</summary>
    public string Name { get; }

    /// <summary>Whether the operation is marked <see cref="IdempotentAttribute">[Idempotent]</see>.</summary>
    public bool Idempotent { get; }

    /// <summary>Whether a reply may read as null; see the constructor's <c>resultNullable</c>.</summary>
    internal bool ResultNullable { get; }

    /// <summary>
    /// The name in UTF-8: the request's operation frame, shared by every request (a request's frames are only read);
    /// <see langword="null"/> when requests carry no operation frame.
    /// </summary>
    internal byte[]? NameFrame { get; }

    /// <summary>
    /// The call's <c>{Contract}/{Operation}</c> (its spans' name and <c>rpc.method</c>), made once: an operation belongs to
    /// one generated client, so to one contract. A race makes it twice, harmlessly.
    /// </summary>
    internal string MethodOf(string contract) => _method ??= RpcTelemetry.Method(contract, Name);
}
