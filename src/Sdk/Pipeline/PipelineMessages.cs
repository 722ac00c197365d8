using System;
using NetMQ;

namespace ZmqContracts.Runtime;

/// <summary>
/// The pipeline's messages (docs/protocol.md, Pipeline). An item or a result is <c>[payload]</c> or
/// <c>[operation][payload]</c> as the stage's <see cref="PipelineFraming"/> says. A failure is
/// <c>[zmqc.error][error][operation][item]</c> whatever the framing, told apart by its first frame as an error reply is.
/// Frames after an item's payload (an acknowledged item's id frame) go on with its result or failure.
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

    public static NetMQMessage Failure(ZmqErrorCode code, string? remoteType, string reason, string? errorId, ReadOnlySpan<byte> operation, NetMQFrame? item)
    {
        var message = new NetMQMessage(4);
        ErrorReply.Append(message, code, remoteType, reason, errorId);
        message.Append(operation.ToArray());
        message.Append(item ?? NetMQFrame.Empty);
        return message;
    }

    /// <summary>The index of a failure's first frame after its item: where the frames that followed the item's payload go on.</summary>
    public const int FailureTrailerIndex = 4;

    public static bool IsFailure(NetMQMessage message) => ErrorReply.IsError(message, 0);

    /// <summary>The index of the first frame after an item's or a result's payload.</summary>
    public static int TrailerIndex(PipelineFraming framing) => framing == PipelineFraming.OperationAndPayload ? 2 : 1;

    /// <summary>The id an item, a result or a failure carries, if any (docs/protocol.md, Pipeline: acknowledged mode).</summary>
    public static bool TryReadId(NetMQMessage message, PipelineFraming framing, out ItemId id) =>
        ItemId.TryRead(message, IsFailure(message) ? FailureTrailerIndex : TrailerIndex(framing), out id);

    /// <summary>
    /// Appends to <paramref name="outgoing"/> the frames of <paramref name="item"/> that follow its payload, but its trace
    /// frame: that told whose send the item was, and a result is the worker's own send (its frame, if any, goes last).
    /// </summary>
    public static NetMQMessage WithTrailer(NetMQMessage outgoing, NetMQMessage item, PipelineFraming framing)
    {
        for (var i = TrailerIndex(framing); i < item.FrameCount; i++)
        {
            if (!TraceContextFrame.IsTraceFrame(item[i].Span()))
            {
                outgoing.Append(item[i]);
            }
        }

        return outgoing;
    }

    /// <summary>
    /// A failure that came from a worker, its error's message naming <paramref name="contract"/>, the operation and
    /// <paramref name="endpoint"/> (where it arrived), as a request/reply client's does. The operation is read as a name is,
    /// shortened to 64 characters (a peer's frame of any size), and an error frame that cannot be read as
    /// <see cref="ErrorReply.Decode"/> says.
    /// </summary>
    public static ZmqPipelineFailure ReadFailure(NetMQMessage message, IZmqSerializer serializer, string contract, string endpoint)
    {
        var operation = message.FrameCount > 2 ? FrameExtensions.Printable(message[2].Span()) : "";
        var failed = operation.Length == 0 ? $"{contract} {ZmqPipelineFailure.NoOperation}" : $"{contract}.{operation}";
        return new(
            operation,
            ErrorReply.Decode(message[1].Span(), $"{failed}: a worker failed the item and sent its failure to {endpoint}: "),
            message.FrameCount > 3 ? message[3].Memory() : ReadOnlyMemory<byte>.Empty,
            serializer);
    }

    /// <summary>
    /// What a failure is counted under when failures come too often to log each one: its code and operation, both short.
    /// </summary>
    public static string KindOf(ZmqPipelineFailure failure) =>
        $"{failure.Error.Code} failures of {(failure.Operation.Length == 0 ? ZmqPipelineFailure.NoOperation : $"operation '{failure.Operation}'")}";

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
