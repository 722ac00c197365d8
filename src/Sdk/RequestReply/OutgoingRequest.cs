using System.ComponentModel;
using System.Runtime.ExceptionServices;
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

    internal OutgoingRequest(RequestOperation operation, IZmqSerializer serializer)
    {
        Operation = operation;
        _serializer = serializer;
        Message = new NetMQMessage(4);
        Message.Append(operation.NameFrame);
    }

    /// <summary>The operation called, whose name is the first body frame.</summary>
    public RequestOperation Operation { get; }

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
                Message.Append(PayloadFrames.Serialize(_serializer, value, new("argument {2} of {0}", Operation.Name, index: Message.FrameCount - 1)));
            }
            catch (ZmqPayloadException exception)
            {
                Failure = ExceptionDispatchInfo.Capture(exception);
            }
        }

        return this;
    }
}
