using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators.PubSub;

/// <summary>What a [Topic] type's generated part must know of its base types: what it would hide (CS0108).</summary>
internal static partial class TopicParser
{
    /// <summary>
    /// Whether the generated <c>TopicFor</c> hides one that <paramref name="type"/> inherits (so it is declared <c>new</c>,
    /// not warned about, CS0108): a base type's member of that name that is not a method, or a method with the same
    /// parameter types, such as the one generated for a base [Topic] type with the same placeholders.
    /// </summary>
    private static bool HidesInheritedTopicFor(INamedTypeSymbol type, List<PlaceholderSpec> placeholders, CancellationToken cancellationToken)
    {
        var parameterTypes = placeholders.Select(placeholder => FindProperty(type, placeholder.Property)!.Type).ToList();
        bool SameParameters(IEnumerable<ITypeSymbol> types) => types.SequenceEqual(parameterTypes, SymbolEqualityComparer.Default);

        foreach (var baseType in BaseTypes(type))
        {
            // The base's generated TopicFor is among its members only when a build analyzes the generated files: the
            // generator predicts it from the base's own [Topic] instead, so that both see the same.
            var declared = baseType.GetMembers(TopicForName).Where(member => member.DeclaredAccessibility != Accessibility.Private && !GeneratedFile.IsGenerated(member));
            if (declared.Any(member => member is not IMethodSymbol method || (method.Arity == 0 && SameParameters(method.Parameters.Select(parameter => parameter.Type)))))
            {
                return true;
            }

            if (baseType.GetAttributes().FirstOrDefault(attribute => attribute.AttributeClass?.ToDisplayString() == AttributeName) is { } baseTopic
                && Parse(baseType, baseTopic, report: null, cancellationToken) is { IsTemplate: true } baseSpec
                && SameParameters(baseSpec.Placeholders.Select(placeholder => FindProperty(baseType, placeholder.Property)!.Type)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The names a generated member must not take: the type's own members', and those of its base types' members that it
    /// would hide (CS0108), which are all but the private ones.
    /// </summary>
    private static IEnumerable<string> TakenNames(INamedTypeSymbol type) =>
        type.MemberNames.Concat(BaseTypes(type).SelectMany(baseType => baseType.GetMembers()).Where(member => member.DeclaredAccessibility != Accessibility.Private).Select(member => member.Name));

    /// <summary>The type's base types, nearest first, up to but not including <see cref="object"/>.</summary>
    private static IEnumerable<INamedTypeSymbol> BaseTypes(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            yield return current;
        }
    }
}
