using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ZmqContracts.Generators.MessagePack;

/// <summary>A type that a contract sends, with what sends it (<c>Parameter 'order' of IShop.Place</c>) and where that is declared.</summary>
/// <param name="Type">The type sent.</param>
/// <param name="Sender">The parameter, result or message that sends it, as a diagnostic names it.</param>
/// <param name="Locate">Where a diagnostic about it points, given the place to fall back on.</param>
internal sealed record WireRoot(ITypeSymbol Type, string Sender, System.Func<Location, CancellationToken, Location> Locate);

/// <summary>The types that cross the wire for a contract: where the MessagePack formatter generator and ZMQ0019 start walking.</summary>
internal static class WireRoots
{
    /// <summary>What the operations of a contract interface send: every parameter but the token, and every result.</summary>
    public static IEnumerable<WireRoot> OfContract(INamedTypeSymbol contract) =>
        contract.GetMembers().Concat(contract.AllInterfaces.SelectMany(parent => parent.GetMembers()))
            .OfType<IMethodSymbol>()
            .Where(method => method is { MethodKind: MethodKind.Ordinary, IsStatic: false, IsAbstract: true })
            .SelectMany(method => OfOperation(contract, method));

    /// <summary>A [Topic] record, which is sent whole.</summary>
    public static IEnumerable<WireRoot> OfTopic(INamedTypeSymbol topic) =>
        [new WireRoot(topic, $"The message {topic.Name}", (fallback, _) => SyntaxLocations.NameOf(topic, fallback))];

    private static IEnumerable<WireRoot> OfOperation(INamedTypeSymbol contract, IMethodSymbol method)
    {
        var operation = $"{contract.Name}.{method.Name}";
        foreach (var parameter in method.Parameters.Where(parameter => !parameter.Type.IsCancellationToken()))
        {
            yield return new WireRoot(
                parameter.Type,
                $"Parameter '{parameter.Name}' of {operation}",
                (fallback, cancellationToken) => SyntaxLocations.LocationOf(parameter, _ => null, fallback, cancellationToken));
        }

        if (method.ReturnType is INamedTypeSymbol { IsGenericType: true } task)
        {
            yield return new WireRoot(
                task.TypeArguments[0],
                $"The result of {operation}",
                (fallback, cancellationToken) => SyntaxLocations.LocationOf(method, syntax => (syntax as MethodDeclarationSyntax)?.ReturnType, fallback, cancellationToken));
        }
    }
}
