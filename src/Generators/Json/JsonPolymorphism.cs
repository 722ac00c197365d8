using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators.Json;

/// <summary>
/// System.Text.Json's polymorphism, as ZMQ0007 sees it: an abstract class or interface is read back from JSON when it
/// lists its derived types with <c>[JsonDerivedType(typeof(Circle), "circle")]</c>, each with a type discriminator, which
/// the JSON carries (<c>{"$type":"circle",…}</c>) and which names the type to create. Only the type's own attributes count,
/// as System.Text.Json reads them.
/// </summary>
internal static class JsonPolymorphism
{
    private const string DerivedTypeAttribute = "System.Text.Json.Serialization.JsonDerivedTypeAttribute";

    /// <summary>
    /// The derived types that <paramref name="type"/> lists, empty when it lists none; <paramref name="unreadable"/> says
    /// why a value of one would not be read back (a derived type without a discriminator, not derived from the type, or
    /// that cannot be created itself), or is <see langword="null"/>.
    /// </summary>
    public static IReadOnlyList<INamedTypeSymbol> DerivedTypesOf(INamedTypeSymbol type, out string? unreadable)
    {
        unreadable = null;
        var derivedTypes = new List<INamedTypeSymbol>();
        foreach (var attribute in type.GetAttributes().Where(attribute => attribute.AttributeClass?.ToDisplayString() == DerivedTypeAttribute))
        {
            if (attribute.ConstructorArguments.FirstOrDefault().Value is not INamedTypeSymbol derived)
            {
                // Being typed: the compiler's error comes first.
                continue;
            }

            var listed = $"[JsonDerivedType(typeof({derived.ToDisplayString()}))]";
            unreadable ??= attribute.ConstructorArguments.Length < 2 || attribute.ConstructorArguments[1].IsNull
                    ? $"{listed} gives {derived.Name} no type discriminator, so its JSON does not say which type to create: give it one, [JsonDerivedType(typeof({derived.Name}), \"{char.ToLowerInvariant(derived.Name[0])}{derived.Name.Substring(1)}\")]"
                : !WireTypeWalker.IsAssignableTo(derived, type) ? $"{listed} lists a type that does not derive from {type.Name}"
                : derived.IsAbstract || derived.TypeKind == TypeKind.Interface ? $"{listed} lists a type that cannot be created either: list the concrete types"
                : null;
            derivedTypes.Add(derived);
        }

        return derivedTypes;
    }
}
