using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>Runs one operation of a contract for one request. Written by the generator.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate ValueTask ReplyHandler(IncomingRequest request, CancellationToken cancellationToken);

/// <summary>One operation of a request/reply contract, as a generated server registers it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReplyOperation : ContractOperation<ReplyHandler>
{
    /// <summary>Creates the operation.</summary>
    /// <param name="name">The operation's name on the wire.</param>
    /// <param name="argumentCount">How many argument frames follow the operation frame.</param>
    /// <param name="handler">Reads the arguments, calls the implementation and sets the result.</param>
    public ReplyOperation(string name, int argumentCount, ReplyHandler handler)
        : base(name, handler)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(argumentCount);
        ArgumentCount = argumentCount;
    }

    /// <summary>How many argument frames follow the operation frame.</summary>
    public int ArgumentCount { get; }
}
