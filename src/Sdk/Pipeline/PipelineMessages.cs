using System;
using System.Text;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// The pipeline's messages (docs/protocol.md, Pipeline). An item or a result is <c>[payload]</c> or
/// <c>[operation][payload]</c> as the stage's <see cref="PipelineFraming"/> says. A failure is
/// <c>[zmqc.error][error][operation][item]</c> whatever the framing, told apart by its first frame as an error reply is.
/// </summary>
internal static class PipelineMessages
{
    public static NetMQMessage Item(PipelineFraming framing, byte[] operation, byte[] payload)
    {
        var message = new NetMQMessage(2);
        if (framing == PipelineFraming.OperationAndPayload)
        {
            message.Append(operation);
        }

        message.Append(payload);
        return message;
    }

    public static NetMQMessage Failure(ZmqErrorCode code, string? remoteType, string reason, ReadOnlySpan<byte> operation, NetMQFrame? item)
    {
        var message = new NetMQMessage(4);
        ErrorReply.Append(message, code, remoteType, reason);
        message.Append(operation.ToArray());
        message.Append(item ?? NetMQFrame.Empty);
        return message;
    }

    public static bool IsFailure(NetMQMessage message) => ErrorReply.IsError(message, 0);

    public static ZmqPipelineFailure ReadFailure(NetMQMessage message, IZmqSerializer serializer) => new(
        message.FrameCount > 2 ? Encoding.UTF8.GetString(message[2].Span()) : "",
        ErrorReply.Decode(message[1].Span()),
        message.FrameCount > 3 ? message[3].Memory() : ReadOnlyMemory<byte>.Empty,
        serializer);

    /// <summary>
    /// The operation name (an empty span for <see cref="PipelineFraming.Payload"/>) and payload frame of an item or result;
    /// false when the payload frame is missing. Frames after the payload are ignored.
    /// </summary>
    public static bool TryRead(NetMQMessage message, PipelineFraming framing, out ReadOnlySpan<byte> operation, out NetMQFrame payload)
    {
        var payloadIndex = framing == PipelineFraming.OperationAndPayload ? 1 : 0;
        operation = payloadIndex == 1 && message.FrameCount > 0 ? message[0].Span() : default;
        payload = message.FrameCount > payloadIndex ? message[payloadIndex] : NetMQFrame.Empty;
        return message.FrameCount > payloadIndex;
    }
}
