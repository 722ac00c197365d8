using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ZmqContracts.Runtime;

/// <summary>
/// The JSON serializer of a contract whose attribute names a <c>JsonContext</c>: web defaults (camelCase,
/// case-insensitive, numbers not read from text, as <see cref="ZmqSerializers.Json"/>) with the context's types, without reflection. Used by generated code.
/// </summary>
/// <typeparam name="TContext">The contract's <see cref="JsonSerializerContext"/>.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonContextSerializer<TContext>
    where TContext : JsonSerializerContext, new()
{
    /// <summary>One serializer per context, shared by every endpoint of its contracts.</summary>
    public static IZmqSerializer Instance { get; } = new JsonZmqSerializer(new TContext());
}
