using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts;

/// <summary>
/// A <see cref="string"/> as MessagePack-CSharp writes it, written refusing a lone UTF-16 surrogate
/// (<see cref="Runtime.MessagePackFormatters.WriteString"/>) and read refusing invalid UTF-8
/// (<see cref="Runtime.MessagePackFormatters.ReadString"/>), where MessagePack's built-in formatter would replace either with U+FFFD.
/// </summary>
internal sealed class StrictStringFormatter : IMessagePackFormatter<string?>
{
    public static readonly StrictStringFormatter Instance = new();

    private StrictStringFormatter()
    {
    }

    public void Serialize(ref MessagePackWriter writer, string? value, MessagePackSerializerOptions options) =>
        Runtime.MessagePackFormatters.WriteString(ref writer, value);

    public string? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        Runtime.MessagePackFormatters.ReadString(ref reader);
}
