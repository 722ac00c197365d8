using System;
using System.Buffers;
using MessagePack;
using MessagePack.Resolvers;

namespace ZmqContracts;

/// <summary>
/// MessagePack with the contractless resolver: plain positional records and classes need no
/// MessagePack attributes, and objects are written as maps keyed by property name, which is
/// what a Python <c>msgpack.unpackb</c> peer expects. Reading uses MessagePack's
/// <see cref="MessagePackSecurity.UntrustedData"/> limits, since frames come from the network.
/// </summary>
public sealed class MessagePackZmqSerializer : IZmqSerializer
{
    private readonly MessagePackSerializerOptions _options;

    /// <summary>Creates a serializer with the given options, or contractless untrusted-data options when <see langword="null"/>.</summary>
    public MessagePackZmqSerializer(MessagePackSerializerOptions? options = null)
    {
        _options = options ?? MessagePackSerializerOptions.Standard
            .WithResolver(ContractlessStandardResolver.Instance)
            .WithSecurity(MessagePackSecurity.UntrustedData);
    }

    /// <inheritdoc />
    public string Name => "msgpack";

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value) =>
        MessagePackSerializer.Serialize(destination, value, _options);

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> payload) =>
        MessagePackSerializer.Deserialize<T>(payload, _options);
}
