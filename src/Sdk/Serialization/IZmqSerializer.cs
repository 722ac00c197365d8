using System;
using System.Buffers;

namespace ZmqContracts;

/// <summary>
/// Turns a message or argument into the bytes of one ZeroMQ frame and back.
/// Implementations must be thread-safe: one instance serves every socket that uses it.
/// </summary>
public interface IZmqSerializer
{
    /// <summary>A short name for logs and error messages, such as <c>msgpack</c>.</summary>
    string Name { get; }

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/>.</summary>
    void Serialize<T>(IBufferWriter<byte> destination, T value);

    /// <summary>Reads a <typeparamref name="T"/> from the bytes of one frame.</summary>
    /// <exception cref="Exception">Any exception when the bytes are not a <typeparamref name="T"/>; callers wrap it in a <see cref="ZmqPayloadException"/>.</exception>
    T Deserialize<T>(ReadOnlyMemory<byte> payload);
}
