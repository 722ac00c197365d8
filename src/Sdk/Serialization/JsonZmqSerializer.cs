using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ZmqContracts;

/// <summary>
/// JSON through System.Text.Json, for peers that use pyzmq's <c>send_json</c>/<c>recv_json</c>: property names are
/// camelCase on the wire and matched case-insensitively when read, so <c>{"num": 1}</c> reads as <c>WorkItem(Num: 1)</c>.
/// Public fields are written and read too, so that a tuple such as <c>(int Count, string Name)</c>, whose elements are
/// fields, crosses as <c>{"item1": 2, "item2": "a"}</c> instead of an empty object. A number is read from a JSON number
/// only: <c>{"num": "1"}</c> is refused, as MessagePack refuses text for a number. A <see cref="BigInteger"/> is a JSON
/// number of all its digits, as Python writes an <c>int</c>; a type that would cross as an object of read-only
/// properties that nothing reads back (<see cref="Complex"/>) is refused with a <see cref="NotSupportedException"/>.
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
    /// <remarks>
    /// Options without a <see cref="JsonSerializerOptions.TypeInfoResolver"/> are copied with the reflection-based one.
    /// The copy gets the SDK's rules of docs/protocol.md too (a <see cref="BigInteger"/> as a number, a
    /// <see cref="DateTime"/> with an offset read as UTC, a string with a lone surrogate not written, null members and keys
    /// twice refused, and, when its numbers are
    /// <see cref="JsonNumberHandling.Strict"/>, numbers beyond a double's or float's range refused), after converters of your own.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionWarning)]
    [RequiresDynamicCode(ReflectionWarning)]
    public JsonZmqSerializer(JsonSerializerOptions? options = null)
    {
        options ??= WebDefaults();
        _options = WithSdkRequirements(new JsonSerializerOptions(options), options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver());
    }

    /// <summary>
    /// Creates a serializer whose types are described by <paramref name="typeInfoResolver"/>, usually a
    /// <see cref="JsonSerializerContext"/>: no reflection, so it works under native AOT and trimming. A context marked
    /// <see cref="JsonSourceGenerationOptionsAttribute"/> brings its options (the naming policy it names, camelCase if
    /// none, enums as text, number handling…; names read whatever their case); any other resolver gets web defaults (camelCase, case-insensitive,
    /// <see cref="JsonNumberHandling.Strict"/> numbers). Either way the options include fields, so that the tuples the
    /// context describes cross whole.
    /// </summary>
    public JsonZmqSerializer(IJsonTypeInfoResolver typeInfoResolver)
    {
        ArgumentNullException.ThrowIfNull(typeInfoResolver);
        _options = WithSdkRequirements(OptionsOf(typeInfoResolver), typeInfoResolver);
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
    /// The resolver does not describe <typeparamref name="T"/>, or describes it (or a type inside it) as an object whose
    /// value would not cross (<see cref="RefuseValueThatWouldNotCross"/>).
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

    /// <summary>
    /// The options of a context marked <see cref="JsonSourceGenerationOptionsAttribute"/>, with fields, or else
    /// <see cref="WebDefaults"/>: a context without the attribute has System.Text.Json's general defaults (PascalCase,
    /// case-sensitive), which no one chose. Names are the SDK's whatever the context's options: camelCase unless the
    /// attribute names a policy, read whatever their case, so that a context marked for another option (enums as text,
    /// say) keeps the wire a context without the attribute speaks, and one made with <c>new()</c>, whose options are
    /// general defaults, speaks its attribute's.
    /// </summary>
    private static JsonSerializerOptions OptionsOf(IJsonTypeInfoResolver resolver)
    {
        if (resolver is not JsonSerializerContext context
            || context.GetType().GetCustomAttribute<JsonSourceGenerationOptionsAttribute>(inherit: false) is not { } declared)
        {
            return WebDefaults();
        }

        return new JsonSerializerOptions(context.Options)
        {
            IncludeFields = true,
            PropertyNamingPolicy = declared.PropertyNamingPolicy switch
            {
                JsonKnownNamingPolicy.SnakeCaseLower => JsonNamingPolicy.SnakeCaseLower,
                JsonKnownNamingPolicy.SnakeCaseUpper => JsonNamingPolicy.SnakeCaseUpper,
                JsonKnownNamingPolicy.KebabCaseLower => JsonNamingPolicy.KebabCaseLower,
                JsonKnownNamingPolicy.KebabCaseUpper => JsonNamingPolicy.KebabCaseUpper,
                _ => JsonNamingPolicy.CamelCase,
            },
            PropertyNameCaseInsensitive = true,
        };
    }

    /// <summary>
    /// <paramref name="options"/>, whose types <paramref name="resolver"/> describes, with what every JSON endpoint needs:
    /// a <see cref="BigInteger"/> as a JSON number, a <see cref="DateTime"/> with an offset read as its instant in UTC, a
    /// type whose value would not cross refused, a number beyond the range
    /// of its <see cref="double"/> or <see cref="float"/> refused rather than read as an infinity (unless the options
    /// read numbers from text or named literals, which System.Text.Json's own converters do), and (on .NET 9 and later)
    /// <c>null</c> refused for a member, element or constructor parameter that the contract declares not nullable, and
    /// (on .NET 10 and later) an object with a key twice refused, as MessagePack refuses a map with a key twice.
    /// </summary>
    private static JsonSerializerOptions WithSdkRequirements(JsonSerializerOptions options, IJsonTypeInfoResolver resolver)
    {
        options.TypeInfoResolver = resolver.WithAddedModifier(RefuseValueThatWouldNotCross);
        options.Converters.Add(new BigIntegerJsonConverter());
        options.Converters.Add(new UtcDateTimeJsonConverter());
        options.Converters.Add(new StrictStringJsonConverter());
        if (options.NumberHandling == JsonNumberHandling.Strict)
        {
            options.Converters.Add(new FiniteDoubleJsonConverter());
            options.Converters.Add(new FiniteSingleJsonConverter());
        }

#if NET9_0_OR_GREATER
        options.RespectNullableAnnotations = true;
        options.AllowOutOfOrderMetadataProperties = true;
#endif
#if NET10_0_OR_GREATER
        options.AllowDuplicateProperties = false;
#endif
        return options;
    }

    /// <summary>
    /// Throws for a type described as an object that would be read as its default, whatever was sent: a tuple without
    /// properties (its elements are fields, which options without <see cref="JsonSerializerOptions.IncludeFields"/>, or a
    /// context without it, leave out, so that it would cross as <c>{}</c>), or a type whose properties are all
    /// read-only and set by no constructor parameter (<see cref="Complex"/>: it would cross as an object
    /// of them, and none would be read back).
    /// </summary>
    private static void RefuseValueThatWouldNotCross(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        if (typeInfo.Properties.Count == 0 && IsTuple(typeInfo.Type))
        {
            throw new NotSupportedException(
                $"{typeInfo.Type} is a tuple, whose elements are fields, and these JSON options leave fields out, so it would cross as {{}}. " +
                "Set IncludeFields = true on the JsonSerializerOptions.");
        }

        if (typeInfo.Properties.Count > 0 && !ReadsAnyBack(typeInfo))
        {
            throw new NotSupportedException(
                $"{typeInfo.Type} would cross as a JSON object of its read-only properties ({string.Join(", ", typeInfo.Properties.Select(property => property.Name))}), " +
                "which neither a setter nor a constructor parameter reads back, so it would be read as its default. " +
                "Send the values it is made of (a record of them), or give the JsonSerializerOptions a JsonConverter for it.");
        }
    }

    /// <summary>
    /// Whether a value read for one of the properties of <paramref name="typeInfo"/> reaches the object: through its
    /// setter, or (on .NET 9 and later, where System.Text.Json says so) the constructor parameter it matches. On .NET 8 a
    /// class is taken to set its read-only properties through its constructor, and a struct not, as System.Text.Json
    /// uses a struct's parameterless constructor unless another is marked <see cref="JsonConstructorAttribute"/>.
    /// </summary>
    private static bool ReadsAnyBack(JsonTypeInfo typeInfo) =>
#if NET9_0_OR_GREATER
        typeInfo.Properties.Any(property => property.Set is not null || property.AssociatedParameter is not null);
#else
        !typeInfo.Type.IsValueType || typeInfo.Properties.Any(property => property.Set is not null);
#endif

    private static bool IsTuple(Type type) => type.IsGenericType && type.Namespace == "System" && type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal);
}
