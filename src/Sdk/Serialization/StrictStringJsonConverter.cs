using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZmqContracts;

/// <summary>
/// A <see cref="string"/> as System.Text.Json writes and reads it, but written refusing a lone UTF-16 surrogate: JSON
/// on the wire is UTF-8, which has no form for it, and System.Text.Json would write U+FFFD in its place, another text
/// than the one given, while it refuses such text when it reads it (<c>"\ud800"</c>). Property names of dictionaries too.
/// </summary>
internal sealed class StrictStringJsonConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Checked(value));

    /// <inheritdoc />
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()!;

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(Checked(value));

    /// <exception cref="JsonException"><paramref name="value"/> holds a lone surrogate.</exception>
    private static string Checked(string value) => LoneSurrogate.IndexIn(value) is var at and >= 0
        ? throw new JsonException($"The string holds {LoneSurrogate.Describe(value, at)}: JSON is UTF-8 here, which has no form for it and would carry U+FFFD instead, another text.")
        : value;
}
