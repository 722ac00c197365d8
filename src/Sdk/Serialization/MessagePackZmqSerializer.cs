using System;
using System.Buffers;
using MessagePack;

namespace ZmqContracts;

/// <summary>
/// MessagePack as the contractless resolver writes it: plain positional records and classes need no
/// MessagePack attributes, and objects are written as maps keyed by property name, which is
/// what a Python <c>msgpack.unpackb</c> peer expects. The formatters the generator wrote for the contracts' types
/// come first (<see cref="Resolver"/>), so those types need no code generated at run time (native AOT).
/// Reading uses MessagePack's <see cref="MessagePackSecurity.UntrustedData"/> limits, since frames come from the network.
/// </summary>
public sealed class MessagePackZmqSerializer : IZmqSerializer
{
    private readonly MessagePackSerializerOptions _options;

    /// <summary>Creates a serializer with the given options, or <see cref="Resolver"/> with untrusted-data limits when <see langword="null"/>.</summary>
    public MessagePackZmqSerializer(MessagePackSerializerOptions? options = null)
    {
        _options = options ?? MessagePackSerializerOptions.Standard
            .WithResolver(Resolver)
            .WithSecurity(MessagePackSecurity.UntrustedData);
    }

    /// <summary>
    /// The resolver of the default options, for options of your own: the formatters generated for the contracts of
    /// every loaded assembly, then MessagePack's built-in formatters, then the contractless resolver for other types.
    /// </summary>
    public static IFormatterResolver Resolver => ZmqFormatterResolver.Instance;

    /// <inheritdoc />
    public string Name => "msgpack";

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value) =>
        MessagePackSerializer.Serialize(destination, value, _options);

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> payload) =>
        MessagePackSerializer.Deserialize<T>(payload, _options);
}
