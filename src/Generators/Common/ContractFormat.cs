using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>The <c>Format</c> argument every contract attribute takes (<c>ZmqContracts.ZmqFormat</c>).</summary>
internal static class ContractFormat
{
    public const string MessagePack = nameof(MessagePack);
    public const string Json = nameof(Json);
    public const string Raw = nameof(Raw);

    private static readonly string[] Names = [MessagePack, Json, Raw];

    /// <summary>The format's name (<c>MessagePack</c>, <c>Json</c>, <c>Raw</c>), or <see langword="null"/> for a value outside the enum.</summary>
    public static string? Of(AttributeData attribute)
    {
        var argument = attribute.NamedArguments.FirstOrDefault(named => named.Key == "Format").Value;
        var value = argument.Value is int number ? number : 0;
        return value >= 0 && value < Names.Length ? Names[value] : null;
    }

    /// <summary>
    /// The serializer generated code passes for the attribute's format: for JSON, the serializer of its <c>JsonContext</c>
    /// when the context can be used (<see cref="JsonContextOf"/>), otherwise the reflection-based one, reached only when
    /// used, so that the generated code carries no trimming warning of its own (ZMQ0015 says it at the contract); for the
    /// other formats, the format's shared one.
    /// </summary>
    public static string SerializerExpression(string format, AttributeData attribute) =>
        format != Json ? $"global::ZmqContracts.ZmqSerializers.{format}"
        : JsonContextOf(attribute) is { Problem: null, Context: { } context } ? $"global::ZmqContracts.Runtime.JsonContextSerializer<{context.ToFullyQualified()}>.Instance"
        : "global::ZmqContracts.Runtime.ReflectionJsonSerializer.Instance";

    /// <summary>Whether the attribute sets <c>JsonContext</c>, to a type the compiler can bind or not.</summary>
    public static bool NamesJsonContext(AttributeData attribute) => attribute.NamedArguments.Any(named => named.Key == "JsonContext");

    /// <summary>
    /// The attribute's <c>JsonContext</c>, and what keeps it from being used (ZMQ0015): it must be a
    /// <c>JsonSerializerContext</c> with a public parameterless constructor, that the generated code can see. Both are
    /// <see langword="null"/> without one, and with one the compiler cannot bind (<c>typeof(Missing)</c>, a half-typed
    /// <c>typeof()</c>), whose error (CS0246, CS1031) comes first.
    /// </summary>
    public static (ITypeSymbol? Context, string? Problem) JsonContextOf(AttributeData attribute)
    {
        if (attribute.NamedArguments.FirstOrDefault(named => named.Key == "JsonContext").Value.Value is not ITypeSymbol context
            || SymbolFacts.HasErrorType(context))
        {
            return (null, null);
        }

        var isContext = false;
        for (var current = context.BaseType; current is not null; current = current.BaseType)
        {
            isContext |= current.IsType("System.Text.Json.Serialization", "JsonSerializerContext");
        }

        if (!isContext
            || context is not INamedTypeSymbol { IsAbstract: false } named
            || !named.InstanceConstructors.Any(constructor => constructor.Parameters.Length == 0 && constructor.DeclaredAccessibility == Accessibility.Public))
        {
            return (context, $"names JsonContext = {context.ToDisplayString()}, which is not a JsonSerializerContext with a public parameterless constructor");
        }

        return SymbolFacts.FirstInaccessible(named) is { } hidden
            ? (context, $"names JsonContext = {context.ToDisplayString()}, which the generated code cannot see, because {hidden.Name} is {SymbolFacts.DescribeAccessibility(hidden)}: make {hidden.Name} internal or public")
            : (context, null);
    }

    /// <summary>Whether the raw format can carry the type: bytes or a UTF-8 string.</summary>
    public static bool IsRawCompatible(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_String
        || type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }
        || (type is INamedTypeSymbol { Arity: 1 } memory
            && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte
            && (memory.IsType("System", "ReadOnlyMemory", 1) || memory.IsType("System", "Memory", 1)));
}
