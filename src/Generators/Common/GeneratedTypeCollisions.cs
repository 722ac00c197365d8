using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ZmqContracts.Generators;

/// <summary>
/// Finds the generated types whose names the user's own types already have, or another contract's generated types
/// will (ZMQ0014). The generator writes every other type of the contract and skips these, so that the user sees one
/// diagnostic instead of CS0101 or CS0260.
/// </summary>
internal static class GeneratedTypeCollisions
{
    /// <summary>
    /// The property of a ZMQ0014 diagnostic whose name another contract's generated type takes: renaming that contract
    /// would hand its generated names to this one, and code using them would bind to this one's types without a word,
    /// so the code fix renames only the user's own types.
    /// </summary>
    public const string TakenByContract = nameof(TakenByContract);

    /// <summary>
    /// Each role of a valid contract whose type's name a type or a namespace in the contract's namespace already has, or
    /// the same role of another contract of the pattern there whose name comes first (<c>ICalc</c> and <c>Calc</c>, or
    /// <c>IOuterInner</c> and <c>Outer.IInner</c>, both make <c>CalcClient</c> or <c>OuterInnerClient</c>), with what has
    /// the name, for messages. A namespace counts whether the project or a reference declares it, a reference's type
    /// only when the project can see it: the generated type hides either, and each use of the name then warns (CS0437,
    /// CS0436), an error under <c>TreatWarningsAsErrors</c>. <c>ByContract</c> tells the other contract's generated type
    /// from the user's type or namespace.
    /// </summary>
    public static IEnumerable<(ContractRole Role, ISymbol Declared, string Holder, bool ByContract)> Find(Compilation compilation, INamedTypeSymbol contract, ContractSpec spec, ContractPattern pattern, CancellationToken cancellationToken)
    {
        var earlier = EarlierContractsNamedAlike(contract, spec.BaseName, pattern, cancellationToken).ToList();
        var containing = compilation.GetCompilationNamespace(contract.ContainingNamespace) ?? contract.ContainingNamespace;
        foreach (var role in pattern.Roles.Where(role => role.Applies(spec)))
        {
            var declared = containing
                .GetMembers(spec.BaseName + role.Suffix)
                .FirstOrDefault(member => member switch
                {
                    INamespaceSymbol => true,
                    INamedTypeSymbol { Arity: 0 } type => SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)
                        ? !ExtendsGeneratedClass(type, cancellationToken)
                        : compilation.IsSymbolAccessibleWithin(type, compilation.Assembly),
                    _ => false,
                });
            if (declared is not null)
            {
                yield return (role, declared, Describe(declared), false);
            }
            else if (earlier.FirstOrDefault(other => role.Applies(other.Spec)).Contract is { } taker)
            {
                yield return (role, taker, $"{role.Word} generated for {Describe(taker)}", true);
            }
        }
    }

    /// <summary>
    /// The other valid contracts of the pattern in <paramref name="contract"/>'s namespace, nested or not, whose generated
    /// types take the same names, and whose full name comes first; an invalid one generates nothing, so takes no name.
    /// </summary>
    private static IEnumerable<(INamedTypeSymbol Contract, ContractSpec Spec)> EarlierContractsNamedAlike(INamedTypeSymbol contract, string baseName, ContractPattern pattern, CancellationToken cancellationToken)
    {
        var name = contract.ToDisplayString();
        foreach (var other in TypesIn(contract.ContainingNamespace.GetTypeMembers()))
        {
            if (!SymbolEqualityComparer.Default.Equals(other, contract)
                && SymbolFacts.GeneratedBaseName(other) == baseName
                && string.CompareOrdinal(other.ToDisplayString(), name) < 0
                && other.GetAttributes().FirstOrDefault(attribute => attribute.AttributeClass?.ToDisplayString() == pattern.AttributeName) is { } attribute
                && ContractParser.Parse(other, attribute, pattern, report: null, cancellationToken) is { } spec)
            {
                yield return (other, spec);
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> TypesIn(IEnumerable<INamedTypeSymbol> types) =>
        types.SelectMany(type => new[] { type }.Concat(TypesIn(type.GetTypeMembers())));

    /// <summary>The spec with the roles that <see cref="Find"/> finds marked as skipped.</summary>
    public static ContractSpec SkipColliding(Compilation compilation, INamedTypeSymbol contract, ContractSpec spec, ContractPattern pattern, CancellationToken cancellationToken) =>
        spec with { SkippedRoles = Find(compilation, contract, spec, pattern, cancellationToken).Select(collision => collision.Role.Suffix).ToEquatableArray() };

    /// <summary>Describes the user's type or namespace for messages: <c>class Demo.PricingClient</c>, <c>namespace Demo.PricingClient</c>.</summary>
    public static string Describe(ISymbol symbol)
    {
        var kind = symbol switch
        {
            INamedTypeSymbol { TypeKind: TypeKind.Class, IsRecord: true } => "record",
            INamedTypeSymbol { TypeKind: TypeKind.Struct, IsRecord: true } => "record struct",
            INamedTypeSymbol type => type.TypeKind.ToString().ToLowerInvariant(),
            _ => "namespace",
        };
        return $"{kind} {symbol.ToDisplayString()}";
    }

    /// <summary>
    /// Whether every declaration of the type is a partial class: that adds members to the generated partial class,
    /// which the guide invites, rather than colliding with it.
    /// </summary>
    private static bool ExtendsGeneratedClass(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
}
