using System;
using System.Linq;
using System.Text;
using NetMQ;

namespace ZmqContracts;

internal static class FrameExtensions
{
    /// <summary>The bytes of a frame, without a copy.</summary>
    public static ReadOnlyMemory<byte> Memory(this NetMQFrame frame) => frame.Buffer.AsMemory(0, frame.MessageSize);

    /// <inheritdoc cref="Memory"/>
    public static ReadOnlySpan<byte> Span(this NetMQFrame frame) => frame.Buffer.AsSpan(0, frame.MessageSize);

    /// <summary>
    /// A name read from the wire, as UTF-8 text shortened to 64 bytes, for a message or a log line: its control characters
    /// shown as <c>?</c>, so that a peer cannot break a log line or forge one with a line break of its own.
    /// </summary>
    public static string Printable(ReadOnlySpan<byte> name)
    {
        const int MaxLength = 64;
        var text = Encoding.UTF8.GetString(name[..Math.Min(name.Length, MaxLength)]);
        if (text.AsSpan().IndexOfAny(ControlCharacters) >= 0)
        {
            text = string.Create(text.Length, text, static (printable, original) =>
            {
                for (var i = 0; i < original.Length; i++)
                {
                    printable[i] = char.IsControl(original[i]) ? '?' : original[i];
                }
            });
        }

        return name.Length > MaxLength ? text + "…" : text;
    }

    private static readonly System.Buffers.SearchValues<char> ControlCharacters =
        System.Buffers.SearchValues.Create(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7f, 0x21)).Select(code => (char)code).ToArray());
}
