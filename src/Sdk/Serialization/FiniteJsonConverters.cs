using System;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZmqContracts;

/// <summary>
/// A <see cref="double"/> or <see cref="float"/> read from a JSON number and refused when it is beyond the type's range
/// (<c>1e400</c> for a double, <c>1e39</c> for a float), which System.Text.Json reads as an infinity: JSON has no
/// infinity, and a typed peer neither reads nor writes one (docs/protocol.md).
/// </summary>
/// <typeparam name="T">The floating-point type.</typeparam>
internal abstract class FiniteJsonConverter<T> : JsonConverter<T>
    where T : IFloatingPointIeee754<T>
{
    /// <inheritdoc />
    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = ReadNumber(ref reader);
        if (T.IsFinite(value))
        {
            return value;
        }

        var number = JsonNumberText.Of(ref reader);
        throw new JsonException(null, new OverflowException($"The number {number} is beyond the range of {typeof(T)}."));
    }

    /// <summary>The JSON number at <paramref name="reader"/>, or an infinity where it is beyond the range of <typeparamref name="T"/>.</summary>
    protected abstract T ReadNumber(ref Utf8JsonReader reader);
}

/// <summary>A <see cref="double"/> within its range (<see cref="FiniteJsonConverter{T}"/>).</summary>
internal sealed class FiniteDoubleJsonConverter : FiniteJsonConverter<double>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <inheritdoc />
    protected override double ReadNumber(ref Utf8JsonReader reader) => reader.GetDouble();
}

/// <summary>A <see cref="float"/> within its range (<see cref="FiniteJsonConverter{T}"/>).</summary>
internal sealed class FiniteSingleJsonConverter : FiniteJsonConverter<float>
{
    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <inheritdoc />
    protected override float ReadNumber(ref Utf8JsonReader reader) => reader.GetSingle();
}
