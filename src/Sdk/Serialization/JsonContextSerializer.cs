using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;

namespace ZmqContracts.Runtime;

/// <summary>
/// The JSON serializer of a contract whose attribute names a <c>JsonContext</c>: the context's types, without
/// reflection, with the options of its <see cref="JsonSourceGenerationOptionsAttribute"/> or, without one, web defaults
/// (camelCase, case-insensitive, numbers not read from text, as <see cref="ZmqSerializers.Json"/>), as
/// <see cref="JsonZmqSerializer(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver)"/> makes it. Used by generated code.
/// </summary>
/// <typeparam name="TContext">The contract's <see cref="JsonSerializerContext"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonContextSerializer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TContext>
    where TContext : JsonSerializerContext, new()
{
    /// <summary>One serializer per context, shared by every endpoint of its contracts.</summary>
    public static IZmqSerializer Instance { get; } = new JsonZmqSerializer(DefaultContext());

    /// <summary>
    /// The context's static <c>Default</c>, which System.Text.Json's generator gives every context, made with the options
    /// of its <see cref="JsonSourceGenerationOptionsAttribute"/>; a context made with <c>new()</c> has System.Text.Json's
    /// general options instead, whatever the attribute says.
    /// </summary>
    private static TContext DefaultContext() =>
        typeof(TContext).GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as TContext ?? new TContext();
}
