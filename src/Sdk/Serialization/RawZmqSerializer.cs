using System;
using System.Buffers;
using System.Text;

namespace ZmqContracts;

/// <summary>
/// Frames as they are: a <see cref="T:byte[]"/>, <see cref="ReadOnlyMemory{T}"/> or <see cref="Memory{T}"/> of bytes
/// passes through verbatim, and a <see cref="string"/> as its UTF-8 bytes — what pyzmq's <c>send</c> and
/// <c>send_string</c> write; a string with a lone UTF-16 surrogate, which UTF-8 cannot carry, is refused with an
/// <see cref="EncoderFallbackException"/>. Any other type is refused with a <see cref="NotSupportedException"/>.
/// </summary>
public sealed class RawZmqSerializer : IZmqSerializer
{
    /// <summary>
    /// UTF-8 that refuses what it cannot carry: invalid bytes when read, and when written a lone UTF-16 surrogate, which
    /// the default encoding would send as U+FFFD, a text other than the one given, that the other side takes for the sender's.
    /// </summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <inheritdoc />
    public string Name => "raw";

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value)
    {
        switch (value)
        {
            case byte[] bytes:
                destination.Write(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                destination.Write(memory.Span);
                break;
            case Memory<byte> memory:
                destination.Write(memory.Span);
                break;
            case string text:
                var span = destination.GetSpan(StrictUtf8.GetMaxByteCount(text.Length));
                destination.Advance(StrictUtf8.GetBytes(text, span));
                break;
            case null:
                break;
            default:
                throw Unsupported(typeof(T));
        }
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> payload)
    {
        object result = typeof(T) == typeof(byte[]) ? payload.ToArray()
            : typeof(T) == typeof(ReadOnlyMemory<byte>) ? (ReadOnlyMemory<byte>)payload.ToArray()
            : typeof(T) == typeof(Memory<byte>) ? (Memory<byte>)payload.ToArray()
            : typeof(T) == typeof(string) ? StrictUtf8.GetString(payload.Span)
            : throw Unsupported(typeof(T));
        return (T)result;
    }

    private static NotSupportedException Unsupported(Type type) =>
        new($"The raw serializer carries byte[], ReadOnlyMemory<byte>, Memory<byte> and string (UTF-8) only, not {type}; use ZmqSerializers.Json or ZmqSerializers.MessagePack for other types.");
}
