using System;
using System.ComponentModel;

namespace ZmqContracts.Runtime;

/// <summary>
/// One contract as a <see cref="ReplyServer"/> serves it: its name, its format and its operations, bound to an
/// implementation. A server serves one or several (docs/protocol.md, "Several contracts on one endpoint"). Used by
/// generated code and ZmqContracts.Hosting.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReplyService
{
    /// <summary>Creates the service.</summary>
    /// <param name="contract">The contract's name, such as <c>Calculator</c>, for messages.</param>
    /// <param name="contractSerializer">The contract's format, used unless the server's options choose a serializer.</param>
    /// <param name="operations">The contract's operations.</param>
    public ReplyService(string contract, IZmqSerializer contractSerializer, ReplyOperation[] operations)
    {
        ArgumentException.ThrowIfNullOrEmpty(contract);
        ArgumentNullException.ThrowIfNull(contractSerializer);
        ArgumentNullException.ThrowIfNull(operations);
        Contract = contract;
        ContractSerializer = contractSerializer;
        Operations = operations;
    }

    /// <summary>The contract's name, such as <c>Calculator</c>.</summary>
    public string Contract { get; }

    internal IZmqSerializer ContractSerializer { get; }

    internal ReplyOperation[] Operations { get; }
}
