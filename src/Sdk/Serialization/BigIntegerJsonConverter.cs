using System;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZmqContracts;

/// <summary>
/// A <see cref="BigInteger"/> as a JSON number of all its digits (<c>12345678901234567890123</c>), what Python's
/// <c>json</c> writes for an <c>int</c>, read exactly from the number's text. System.Text.Json has no converter of its
/// own for it: it would write the struct's read-only properties (<c>{"isEven": …, "sign": 1}</c>) and read back zero.
/// </summary>
internal sealed class BigIntegerJsonConverter : JsonConverter<BigInteger>
{
    /// <inheritdoc />
    public override BigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"A BigInteger is read from a JSON number, not from {reader.TokenType}.");
        }

        var digits = JsonNumberText.Of(ref reader);
        return BigInteger.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"A BigInteger is read from a JSON integer, and {digits} is not one.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BigInteger value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
}
