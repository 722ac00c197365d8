using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>The <c>Format</c> argument every contract attribute takes (<c>ZmqContracts.ZmqFormat</c>).</summary>
internal static class ContractFormat
{
    public const string MessagePack = nameof(MessagePack);
    public const string Raw = nameof(Raw);

    private static readonly string[] Names = [MessagePack, "Json", Raw];

    /// <summary>The format's name (<c>MessagePack</c>, <c>Json</c>, <c>Raw</c>), or <see langword="null"/> for a value outside the enum.</summary>
    public static string? Of(AttributeData attribute)
    {
        var argument = attribute.NamedArguments.FirstOrDefault(named => named.Key == "Format").Value;
        var value = argument.Value is int number ? number : 0;
        return value >= 0 && value < Names.Length ? Names[value] : null;
    }

    /// <summary>The serializer generated code passes for the format.</summary>
    public static string SerializerExpression(string format) => $"global::ZmqContracts.ZmqSerializers.{format}";

    /// <summary>Whether the raw format can carry the type: bytes or a UTF-8 string.</summary>
    public static bool IsRawCompatible(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_String
        || type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }
        || (type is INamedTypeSymbol { Arity: 1 } memory
            && memory.TypeArguments[0].SpecialType == SpecialType.System_Byte
            && (memory.IsType("System", "ReadOnlyMemory", 1) || memory.IsType("System", "Memory", 1)));
}
