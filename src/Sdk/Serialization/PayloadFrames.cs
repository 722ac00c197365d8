using System;
using System.Buffers;

namespace ZmqContracts;

/// <summary>Serializes a value into the bytes of one frame and reads it back, wrapping serializer failures.</summary>
internal static class PayloadFrames
{
    private const int RetainedBufferLimit = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] Serialize<T>(IZmqSerializer serializer, T value, string context)
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(256);
        t_buffer = null;
        try
        {
            serializer.Serialize(buffer, value);
            return buffer.WrittenSpan.ToArray();
        }
        catch (Exception exception)
        {
            throw new ZmqPayloadException(
                $"{context}: a {typeof(T)} could not be written with the {serializer.Name} serializer: {exception.Message}",
                exception);
        }
        finally
        {
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= RetainedBufferLimit)
            {
                t_buffer = buffer;
            }
        }
    }

    public static T Deserialize<T>(IZmqSerializer serializer, ReadOnlyMemory<byte> payload, string context)
    {
        try
        {
            return serializer.Deserialize<T>(payload);
        }
        catch (Exception exception)
        {
            throw new ZmqPayloadException(
                $"{context}: {payload.Length} bytes could not be read as {typeof(T)} with the {serializer.Name} serializer: {exception.Message}",
                exception);
        }
    }
}
