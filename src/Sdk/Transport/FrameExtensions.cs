using System;
using NetMQ;

namespace ZmqContracts;

internal static class FrameExtensions
{
    /// <summary>The bytes of a frame, without a copy.</summary>
    public static ReadOnlyMemory<byte> Memory(this NetMQFrame frame) => frame.Buffer.AsMemory(0, frame.MessageSize);

    /// <inheritdoc cref="Memory"/>
    public static ReadOnlySpan<byte> Span(this NetMQFrame frame) => frame.Buffer.AsSpan(0, frame.MessageSize);
}
