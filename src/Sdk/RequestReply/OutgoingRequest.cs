using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Text;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// A request being built by a generated client: the operation frame, then one frame per argument.
/// Used by generated code; not meant to be created by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OutgoingRequest
{
    private readonly IZmqSerializer _serializer;

    internal OutgoingRequest(string operation, bool idempotent, IZmqSerializer serializer)
    {
        Operation = operation;
        Idempotent = idempotent;
        _serializer = serializer;
        Message = new NetMQMessage(4);
        Message.Append(Encoding.UTF8.GetBytes(operation));
    }

    /// <summary>The operation's name, as sent in the first body frame.</summary>
    public string Operation { get; }

    /// <summary>Whether the operation is marked <see cref="IdempotentAttribute">[Idempotent]</see>, so that a timed-out call may be sent again.</summary>
    public bool Idempotent { get; }

    internal NetMQMessage Message { get; }

    /// <summary>Why an argument could not be serialized; the call fails with it instead of being sent.</summary>
    internal ExceptionDispatchInfo? Failure { get; private set; }

    /// <summary>Appends the next argument as its own frame. A value the serializer cannot write fails the call, not this method.</summary>
    public OutgoingRequest Argument<T>(T value)
    {
        if (Failure is null)
        {
            try
            {
                Message.Append(PayloadFrames.Serialize(_serializer, value, new("argument {2} of {0}", Operation, index: Message.FrameCount - 1)));
            }
            catch (ZmqPayloadException exception)
            {
                Failure = ExceptionDispatchInfo.Capture(exception);
            }
        }

        return this;
    }
}
