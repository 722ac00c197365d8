namespace ZmqContracts;

/// <summary>Why a server answered a request with an error reply (see docs/protocol.md).</summary>
public enum ZmqErrorCode
{
    /// <summary>
    /// The implementation threw. The caller learns the id of the error in the server's log; the exception's type and message
    /// come along only for a <see cref="ZmqFaultException"/>, or when the server's options include exception details.
    /// Also the code of an error reply whose code the client does not know, or whose error frame it cannot read (its
    /// message then says so).
    /// </summary>
    HandlerFailed,

    /// <summary>The request named an operation the server's contract does not have.</summary>
    UnknownOperation,

    /// <summary>The request's frames could not be read: missing or unreadable arguments.</summary>
    BadRequest,

    /// <summary>
    /// The server did not run the call: it was too busy to queue the request, or was shutting down before the call's handler
    /// started. A generated client sends an <see cref="IdempotentAttribute">[Idempotent]</see> call that gets it again.
    /// A pipeline worker's failure: the worker shut down before the item's handler started (docs/protocol.md, Pipeline).
    /// </summary>
    Unavailable,

    /// <summary>
    /// A Majordomo broker lost the worker that was handling the request (its connection went, it fell silent, or it left):
    /// the request may have run, and its reply will never come. A client sends an idempotent call again at once, as after
    /// <see cref="Unavailable"/>; any other fails with this code.
    /// </summary>
    WorkerLost,

    /// <summary>
    /// The server shut down while the call's handler ran (cancelled at the end of its drain, or given up on as it closed):
    /// the call may have run, in part or in full. A generated client sends an
    /// <see cref="IdempotentAttribute">[Idempotent]</see> call that gets it again, as after a timeout; any other call fails with it.
    /// A pipeline worker's failure: the worker shut down while the item's handler ran, so the item may have been processed
    /// (docs/protocol.md, Pipeline).
    /// </summary>
    Interrupted,
}
