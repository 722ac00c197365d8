using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ZmqContracts;

/// <summary>The text of the JSON number a reader is at, as the peer wrote it: for a value read from its digits, or a message that quotes it.</summary>
internal static class JsonNumberText
{
    public static string Of(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
}
