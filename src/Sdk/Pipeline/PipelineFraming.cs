using System.ComponentModel;

namespace ZmqContracts.Runtime;

/// <summary>How a stage's items and results are framed (docs/protocol.md, Pipeline). Used by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum PipelineFraming
{
    /// <summary><c>[payload]</c>: the stage has one operation, so the message need not name it.</summary>
    Payload,

    /// <summary><c>[operation][payload]</c>: the stage has several operations; the first frame names one.</summary>
    OperationAndPayload,
}
