using System.ComponentModel;
using System.Runtime.ExceptionServices;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// A request being built by a generated client: the operation frame (unless the contract sends none), then one frame per argument.
/// Used by generated code; not meant to be created by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OutgoingRequest
{
    private readonly IZmqSerializer _serializer;
    private readonly int _firstArgumentFrame;

    internal OutgoingRequest(RequestOperation operation, IZmqSerializer serializer)
    {
        Operation = operation;
        _serializer = serializer;
        Message = new NetMQMessage(4);
        if (operation.NameFrame is { } nameFrame)
        {
            Message.Append(nameFrame);
            _firstArgumentFrame = 1;
        }
    }

    /// <summary>The operation called, whose name is the first body frame unless the contract sends no operation frame.</summary>
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
                Message.Append(PayloadFrames.Serialize(_serializer, value, new("argument {2} of {0}", Operation.Name, index: Message.FrameCount - _firstArgumentFrame)));
            }
            catch (ZmqPayloadException exception)
            {
                Failure = ExceptionDispatchInfo.Capture(exception);
            }
        }

        return this;
    }
}
