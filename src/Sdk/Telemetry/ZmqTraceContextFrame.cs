namespace ZmqContracts;

/// <summary>
/// Which messages an endpoint appends its trace context to, as a trailing <c>zmqc.trace</c> frame (docs/protocol.md,
/// Trace context). The frame is only ever written while a listener records the sending span: with no listener, nothing
/// extra goes on the wire.
/// </summary>
public enum ZmqTraceContextFrame
{
    /// <summary>
    /// Only messages that already have two frames or more (the default). A peer that reads such a message reads it whole
    /// and ignores trailing frames; a one-frame message stays one frame, because its reader may read one frame at a time
    /// (pyzmq's <c>recv_json()</c> in the tutorial's pipeline) and would take the trace frame for the next message.
    /// </summary>
    MultipartMessages,

    /// <summary>Every message, one-frame pipeline items and results included: for peers that all ignore trailing frames, such as generated stages.</summary>
    Always,

    /// <summary>No message: the trace stops at this endpoint.</summary>
    Never,
}
