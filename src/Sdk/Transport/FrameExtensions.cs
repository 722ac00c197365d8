using System;
using System.Text;
using NetMQ;

namespace ZmqContracts;

internal static class FrameExtensions
{
    /// <summary>The bytes of a frame, without a copy.</summary>
    public static ReadOnlyMemory<byte> Memory(this NetMQFrame frame) => frame.Buffer.AsMemory(0, frame.MessageSize);

    /// <inheritdoc cref="Memory"/>
    public static ReadOnlySpan<byte> Span(this NetMQFrame frame) => frame.Buffer.AsSpan(0, frame.MessageSize);

    /// <summary>A name read from the wire, as UTF-8 text shortened to 64 characters, for a message.</summary>
    public static string Printable(ReadOnlySpan<byte> name)
    {
        const int MaxLength = 64;
        var text = Encoding.UTF8.GetString(name[..Math.Min(name.Length, MaxLength)]);
        return name.Length > MaxLength ? text + "…" : text;
    }
}
