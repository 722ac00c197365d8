using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ZmqContracts.Generators;

/// <summary>What the generator and analyzers need to know of symbols, as strings and yes/no answers.</summary>
internal static class SymbolFacts
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The type as generated code writes it: <c>global::</c>-qualified, with its nullable annotation.</summary>
    public static string ToFullyQualified(this ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>An identifier that compiles even when it is a keyword (<c>@class</c>).</summary>
    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.UnderscoreToken
            ? "@" + name
            : name;

    /// <summary>How a <c>cref</c> writes a type: <c>global::</c>-qualified, a tuple as the ValueTuple it is (cref syntax has no tuples).</summary>
    private static readonly SymbolDisplayFormat CrefType = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    /// <summary>
    /// How a doc comment's <c>cref</c> names a member: through the type that declares it, which for one inherited from a
    /// generic type is that type's definition (<c>global::Demo.IStage{T}.Get(T, global::System.Threading.CancellationToken)</c>),
    /// since the generated code's type may not be able to name it otherwise; a method with its parameter types, since an
    /// overload (a helper the contract implements) would make the bare name ambiguous (CS0419).
    /// </summary>
    public static string CrefOf(ISymbol member)
    {
        var definition = member.OriginalDefinition;
        var parameters = definition is IMethodSymbol method
            ? $"({string.Join(", ", method.Parameters.Select(parameter => parameter.Type.ToDisplayString(CrefType)))})"
            : "";
        return $"{definition.ContainingType.ToDisplayString(CrefType)}.{EscapeIdentifier(member.Name)}{parameters}".Replace('<', '{').Replace('>', '}');
    }

    public static bool IsType(this ITypeSymbol? type, string containingNamespace, string name, int arity = 0) =>
        type is INamedTypeSymbol named
        && named.Name == name
        && named.Arity == arity
        && named.ContainingType is null
        && named.ContainingNamespace?.ToDisplayString() == containingNamespace;

    public static bool IsCancellationToken(this ITypeSymbol type) => type.IsType("System.Threading", "CancellationToken");

    /// <summary>Whether the symbol is <c>[Obsolete]</c> as an error, which only code that is obsolete itself may use (CS0619).</summary>
    public static bool IsObsoleteAsError(ISymbol symbol) => symbol.GetAttributes().Any(attribute =>
        attribute.AttributeClass.IsType("System", "ObsoleteAttribute")
        && attribute.ConstructorArguments.Length == 2
        && attribute.ConstructorArguments[1].Value is true);

    /// <summary>
    /// The first type that code naming <paramref name="type"/> names too and that is <c>[Obsolete]</c> as an error: the
    /// type, a type containing it, an element type or a type argument; <see langword="null"/> if none.
    /// </summary>
    public static INamedTypeSymbol? FirstObsoleteAsError(ITypeSymbol type) =>
        NamedWith(type).FirstOrDefault(named => IsObsoleteAsError(named.OriginalDefinition));

    /// <summary>
    /// Whether the compiler could not make sense of the method's declaration, half typed as it may be: a type it could
    /// not bind in its result or a parameter (or in their type arguments or elements), a parameter without a name, or two
    /// parameters of one name; or whether its result or a parameter names a type that code elsewhere in the assembly
    /// cannot see (<see cref="NamesInaccessibleType"/>), which the contract, visible there, cannot name either (CS0051,
    /// CS9051). The compiler reports that; code generated from it would only repeat the errors.
    /// </summary>
    public static bool IsBroken(IMethodSymbol method) =>
        HasErrorType(method.ReturnType)
        || NamesInaccessibleType(method.ReturnType)
        || method.Parameters.Any(parameter => parameter.Name.Length == 0 || HasErrorType(parameter.Type) || NamesInaccessibleType(parameter.Type))
        || method.Parameters.Select(parameter => parameter.Name).Distinct().Count() < method.Parameters.Length;

    /// <summary>Whether the compiler could not bind <paramref name="type"/>, one of its type arguments or elements, or a type containing it.</summary>
    public static bool HasErrorType(ITypeSymbol type) => NamedWith(type).Any(named => named.TypeKind == TypeKind.Error);

    /// <summary>
    /// Whether <paramref name="type"/>, one of its type arguments or elements, or a type containing one of them, is one
    /// that code elsewhere in the assembly, such as generated code, cannot see (<see cref="FirstInaccessible"/>).
    /// </summary>
    public static bool NamesInaccessibleType(ITypeSymbol type) => NamedWith(type).Any(IsHidden);

    /// <summary>
    /// The types that code naming <paramref name="type"/> names too, depth first: the type (an array's element type), then
    /// its type arguments, then the type containing it and that one's, and so on out.
    /// </summary>
    private static IEnumerable<INamedTypeSymbol> NamedWith(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            foreach (var named in NamedWith(array.ElementType))
            {
                yield return named;
            }

            yield break;
        }

        for (var current = type as INamedTypeSymbol; current is not null; current = current.ContainingType)
        {
            yield return current;
            foreach (var named in current.TypeArguments.SelectMany(NamedWith))
            {
                yield return named;
            }
        }
    }

    /// <summary>The method's <c>[Idempotent]</c> attribute, or <see langword="null"/>.</summary>
    public static AttributeData? IdempotentAttributeOf(IMethodSymbol method) =>
        method.GetAttributes().FirstOrDefault(attribute => attribute.AttributeClass.IsType("ZmqContracts", "IdempotentAttribute"));

    /// <summary>
    /// The name generated types start with: the contract's name without the interface prefix (<c>ICalculator</c> becomes
    /// <c>Calculator</c>), after the names of the types containing it (<c>Billing.IInvoices</c> becomes <c>BillingInvoices</c>),
    /// since generated types live at namespace level where two nested contracts could otherwise share a name.
    /// </summary>
    public static string GeneratedBaseName(INamedTypeSymbol contract)
    {
        var name = contract.Name;
        var baseName = name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name.Substring(1) : name;
        for (var container = contract.ContainingType; container is not null; container = container.ContainingType)
        {
            baseName = container.Name + baseName;
        }

        return baseName;
    }

    /// <summary>The type, or the first type containing it, that has type parameters; <see langword="null"/> if none.</summary>
    public static INamedTypeSymbol? FirstGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>How C# writes the accessibility that hides a type, for messages.</summary>
    public static string DescribeAccessibility(INamedTypeSymbol type) => type.IsFileLocal
        ? "file-local"
        : type.DeclaredAccessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => type.DeclaredAccessibility.ToString().ToLowerInvariant(),
        };

    /// <summary>The type, or the first type that contains it, that code elsewhere in the assembly cannot see; <see langword="null"/> if none.</summary>
    public static INamedTypeSymbol? FirstInaccessible(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (IsHidden(current))
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>Whether only its own file or the type containing it (and types deriving from that) can see the type, whatever contains it.</summary>
    private static bool IsHidden(INamedTypeSymbol type) =>
        type.IsFileLocal || type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal;

    /// <summary>Whether the type and every type containing it are public.</summary>
    public static bool IsPublicFromOutside(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }
}
