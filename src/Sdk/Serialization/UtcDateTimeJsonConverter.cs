using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZmqContracts;

/// <summary>
/// A <see cref="DateTime"/> as System.Text.Json writes it (ISO 8601: <c>Z</c> for <see cref="DateTimeKind.Utc"/>, the
/// offset for <see cref="DateTimeKind.Local"/>, none for <see cref="DateTimeKind.Unspecified"/>), read as the UTC instant
/// with <see cref="DateTimeKind.Utc"/> when the text has an offset (Python's aware <c>isoformat()</c>:
/// <c>2024-01-02T03:04:05+05:00</c>), as MessagePack reads a timestamp, where System.Text.Json would shift it into the
/// receiver's time zone as <see cref="DateTimeKind.Local"/>.
/// </summary>
internal sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    /// <inheritdoc />
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetDateTime();
        return value.Kind == DateTimeKind.Local ? reader.GetDateTimeOffset().UtcDateTime : value;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
