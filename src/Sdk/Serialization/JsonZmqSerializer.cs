using System;
using System.Buffers;
using System.Text.Json;

namespace ZmqContracts;

/// <summary>
/// JSON through System.Text.Json, for peers that use pyzmq's <c>send_json</c>/<c>recv_json</c>: property names are
/// camelCase on the wire and matched case-insensitively when read, so <c>{"num": 1}</c> reads as <c>WorkItem(Num: 1)</c>.
/// Public fields are written and read too, so that a tuple such as <c>(int Count, string Name)</c>, whose elements are
/// fields, crosses as <c>{"item1": 2, "item2": "a"}</c> instead of an empty object.
/// </summary>
public sealed class JsonZmqSerializer : IZmqSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <summary>
    /// Creates a serializer with the given options, or web defaults (camelCase, case-insensitive) with
    /// <see cref="JsonSerializerOptions.IncludeFields"/> when <see langword="null"/>. Options of your own need
    /// <see cref="JsonSerializerOptions.IncludeFields"/> for tuples: without it, System.Text.Json writes a tuple as <c>{}</c>.
    /// </summary>
    public JsonZmqSerializer(JsonSerializerOptions? options = null)
    {
        _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true };
    }

    /// <inheritdoc />
    public string Name => "json";

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, _options);
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> payload) => JsonSerializer.Deserialize<T>(payload.Span, _options)!;
}
