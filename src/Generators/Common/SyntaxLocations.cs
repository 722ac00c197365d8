using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

internal static class SyntaxLocations
{
    /// <summary>
    /// Where to point at <paramref name="symbol"/>: the part of its declaration that <paramref name="part"/> picks
    /// (the whole declaration when it picks nothing), or <paramref name="fallback"/> when the symbol has no source.
    /// </summary>
    public static Location LocationOf(ISymbol symbol, Func<SyntaxNode, SyntaxNode?> part, Location fallback, CancellationToken cancellationToken)
    {
        var declaration = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        return declaration is null ? fallback : (part(declaration) ?? declaration).GetLocation();
    }

    /// <summary>The symbol's own name in source, or <paramref name="fallback"/>.</summary>
    public static Location NameOf(ISymbol symbol, Location fallback) =>
        symbol.Locations.FirstOrDefault(location => location.IsInSource) ?? fallback;
}
