using System;
using System.Buffers;
using MessagePack;

namespace ZmqContracts;

/// <summary>
/// MessagePack as the contractless resolver writes it: plain positional records and classes need no
/// MessagePack attributes, and objects are written as maps keyed by property name, which is
/// what a Python <c>msgpack.unpackb</c> peer expects. The formatters the generator wrote for the contracts' types
/// come first (<see cref="Resolver"/>), so those types need no code generated at run time (native AOT).
/// Reading uses MessagePack's <see cref="MessagePackSecurity.UntrustedData"/> limits, since frames come from the network,
/// and refuses a frame with bytes after its value: a frame is one value, and bytes left over mean it was written in
/// another format or for another shape (a JSON <c>42</c>, say, whose first byte MessagePack reads as 52).
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
    /// every loaded assembly, then the SDK's own (decimals and date-times with offsets read as any peer writes them, big
    /// integers written whatever room the buffer gives, strings read refusing invalid UTF-8), then MessagePack's built-in
    /// formatters, then the contractless resolver for other types.
    /// </summary>
    public static IFormatterResolver Resolver => ZmqFormatterResolver.Instance;

    /// <inheritdoc />
    public string Name => "msgpack";

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value) =>
        MessagePackSerializer.Serialize(destination, value, _options);

    /// <inheritdoc />
    /// <exception cref="MessagePackSerializationException">The bytes are not a <typeparamref name="T"/>, or not only one.</exception>
    public T Deserialize<T>(ReadOnlyMemory<byte> payload)
    {
        var value = MessagePackSerializer.Deserialize<T>(payload, _options, out var bytesRead);
        if (bytesRead != payload.Length)
        {
            throw new MessagePackSerializationException(
                $"{payload.Length - bytesRead} of the frame's {payload.Length} bytes are left after its {typeof(T)} value: a frame holds one MessagePack value, so it was written in another format or as another type");
        }

        return value;
    }
}
