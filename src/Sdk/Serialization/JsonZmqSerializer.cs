using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ZmqContracts;

/// <summary>
/// JSON through System.Text.Json, for peers that use pyzmq's <c>send_json</c>/<c>recv_json</c>: property names are
/// camelCase on the wire and matched case-insensitively when read, so <c>{"num": 1}</c> reads as <c>WorkItem(Num: 1)</c>.
/// Public fields are written and read too, so that a tuple such as <c>(int Count, string Name)</c>, whose elements are
/// fields, crosses as <c>{"item1": 2, "item2": "a"}</c> instead of an empty object. A number is read from a JSON number
/// only: <c>{"num": "1"}</c> is refused, as MessagePack refuses text for a number.
/// </summary>
/// <remarks>
/// Every type is read and written through the <see cref="JsonTypeInfo{T}"/> that the options' <see cref="JsonSerializerOptions.TypeInfoResolver"/>
/// describes. The constructor that takes options describes types by reflection when they have no resolver, which native
/// AOT and trimmed applications do not allow (it is annotated so): there, give the types through a
/// <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> (<see cref="JsonZmqSerializer(IJsonTypeInfoResolver)"/>,
/// or the <c>JsonContext</c> of the contract's attribute).
/// </remarks>
public sealed class JsonZmqSerializer : IZmqSerializer
{
    /// <summary>Why reading and writing JSON by reflection is flagged under trimming and native AOT.</summary>
    internal const string ReflectionWarning =
        "System.Text.Json describes types by reflection here. Under trimming and native AOT, describe them with a JsonSerializerContext: new JsonZmqSerializer(context), or the JsonContext of the contract's attribute.";

    private readonly JsonSerializerOptions _options;

    /// <summary>
    /// Creates a serializer with the given options, or web defaults (camelCase, case-insensitive) with
    /// <see cref="JsonSerializerOptions.IncludeFields"/> and <see cref="JsonNumberHandling.Strict"/> numbers (text is
    /// not read as a number) when <see langword="null"/>; options of your own keep their <see cref="JsonSerializerOptions.NumberHandling"/>. Options of your own need
    /// <see cref="JsonSerializerOptions.IncludeFields"/> for tuples: without it, System.Text.Json writes a tuple as <c>{}</c>.
    /// </summary>
    /// <remarks>Options without a <see cref="JsonSerializerOptions.TypeInfoResolver"/> are copied with the reflection-based one.</remarks>
    [RequiresUnreferencedCode(ReflectionWarning)]
    [RequiresDynamicCode(ReflectionWarning)]
    public JsonZmqSerializer(JsonSerializerOptions? options = null)
    {
        options ??= WebDefaults();
        _options = WithTupleCheck(new JsonSerializerOptions(options), options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());
    }

    /// <summary>
    /// Creates a serializer with web defaults (camelCase, case-insensitive, <see cref="JsonNumberHandling.Strict"/>
    /// numbers) whose types are described by
    /// <paramref name="typeInfoResolver"/>, usually a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>:
    /// no reflection, so it works under native AOT and trimming. The options include fields, so that the tuples the
    /// context describes cross whole.
    /// </summary>
    public JsonZmqSerializer(IJsonTypeInfoResolver typeInfoResolver)
    {
        ArgumentNullException.ThrowIfNull(typeInfoResolver);
        _options = WithTupleCheck(WebDefaults(), typeInfoResolver);
    }

    /// <inheritdoc />
    public string Name => "json";

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value)
    {
        using var writer = new Utf8JsonWriter(destination);
        JsonSerializer.Serialize(writer, value, TypeInfo<T>());
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> payload) => JsonSerializer.Deserialize(payload.Span, TypeInfo<T>())!;

    /// <exception cref="NotSupportedException">
    /// The resolver does not describe <typeparamref name="T"/>, or describes a tuple without its elements.
    /// </exception>
    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));

    /// <summary>
    /// Web defaults with fields, and numbers read from numbers only. A context's metadata, used with options other than
    /// its own, holds a type's fields only when these options include them, whatever the context's own options say. The
    /// web defaults read a number from text too (<c>{"num": "1"}</c>), which MessagePack refuses: strict, a payload reads
    /// the same in both formats, and a changed type is refused rather than read (docs/protocol.md, Changing a contract).
    /// </summary>
    private static JsonSerializerOptions WebDefaults() =>
        new(JsonSerializerDefaults.Web) { IncludeFields = true, NumberHandling = JsonNumberHandling.Strict };

    /// <summary><paramref name="options"/>, whose types <paramref name="resolver"/> describes, refusing tuples described without their elements.</summary>
    private static JsonSerializerOptions WithTupleCheck(JsonSerializerOptions options, IJsonTypeInfoResolver resolver)
    {
        options.TypeInfoResolver = resolver.WithAddedModifier(RefuseTupleWithoutElements);
        return options;
    }

    /// <summary>
    /// Throws for a tuple described without properties: its elements are fields, which options without
    /// <see cref="JsonSerializerOptions.IncludeFields"/> (or a context without it) leave out, so that it would cross as
    /// <c>{}</c> and be read as its default.
    /// </summary>
    private static void RefuseTupleWithoutElements(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind == JsonTypeInfoKind.Object && typeInfo.Properties.Count == 0 && IsTuple(typeInfo.Type))
        {
            throw new NotSupportedException(
                $"{typeInfo.Type} is a tuple, whose elements are fields, and these JSON options leave fields out, so it would cross as {{}}. " +
                "Set IncludeFields = true on the JsonSerializerOptions.");
        }
    }

    private static bool IsTuple(Type type) => type.IsGenericType && type.Namespace == "System" && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal);
}
