using System;
using MessagePack;
using MessagePack.Resolvers;
using NetMQ;

namespace ZmqContracts.Benchmarks.Shared;

/// <summary>
/// The framing and serialization a NetMQ user writes by hand for <see cref="IPricing.Price"/>: the same frames as
/// docs/protocol.md (request body <c>[operation][payload]</c>, reply body <c>[payload]</c>) and MessagePack's contractless
/// options, which write the bytes <see cref="ZmqSerializers.MessagePack"/> writes through its generated formatters, so
/// baseline and generated code put identical bytes on the wire.
/// </summary>
public static class HandWrittenCodec
{
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(ContractlessStandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    // Encoded once: a careful hand-written client does not re-encode a constant per message.
    private static readonly byte[] s_operation = "Price"u8.ToArray();

    public static void AppendRequest(NetMQMessage message, PriceRequest request)
    {
        message.Append(s_operation);
        message.Append(MessagePackSerializer.Serialize(request, Options));
    }

    public static PriceRequest ReadRequest(NetMQMessage message, int bodyStart) => Deserialize<PriceRequest>(message[bodyStart + 1]);

    public static void AppendReply(NetMQMessage message, PriceReply reply) =>
        message.Append(MessagePackSerializer.Serialize(reply, Options));

    public static PriceReply ReadReply(NetMQMessage message, int bodyStart) => Deserialize<PriceReply>(message[bodyStart]);

    private static T Deserialize<T>(NetMQFrame frame) =>
        MessagePackSerializer.Deserialize<T>(frame.Buffer.AsMemory(0, frame.MessageSize), Options);
}
