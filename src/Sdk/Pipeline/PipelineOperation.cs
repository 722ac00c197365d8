using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>Runs one operation of a stage for one item. Written by the generator.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate ValueTask PipelineHandler(IncomingItem item, CancellationToken cancellationToken);

/// <summary>One operation of a pipeline stage, as a generated worker registers it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipelineOperation : ContractOperation<PipelineHandler>
{
    /// <summary>Creates the operation.</summary>
    /// <param name="name">The operation's name on the wire.</param>
    /// <param name="producesResult">Whether a result goes on after the item (false for a terminal operation).</param>
    /// <param name="handler">Reads the item, calls the implementation and sets the result.</param>
    public PipelineOperation(string name, bool producesResult, PipelineHandler handler)
        : base(name, handler)
    {
        ProducesResult = producesResult;
    }

    /// <summary>Whether a result goes on after the item.</summary>
    public bool ProducesResult { get; }
}
