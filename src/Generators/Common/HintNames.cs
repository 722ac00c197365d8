using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>
/// The names of generated files. Roslyn refuses a name with characters outside a file name's (the <c>@</c> of a keyword
/// used as a name) and two names of one generator that differ only in case, or not at all (two file-local types of one
/// name): either would fail the whole generator.
/// </summary>
internal static class HintNames
{
    private static readonly SymbolDisplayFormat NameFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>The start of the generated files' names for <paramref name="type"/>, such as <c>Demo.ICalculator</c>.</summary>
    public static string Of(INamedTypeSymbol type) => type.ToDisplayString(NameFormat);

    /// <summary>
    /// <paramref name="items"/>, each with a name no other has, case aside: the first of names equal but for case (in
    /// ordinal order, so that the outcome does not depend on the order of the files) keeps its name, the others get
    /// <c>_2</c>, <c>_3</c>… after it.
    /// </summary>
    public static ImmutableArray<T> Unique<T>(ImmutableArray<T> items, Func<T, string> name, Func<T, string, T> renamed)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = ImmutableArray.CreateBuilder<T>(items.Length);
        foreach (var item in items.OrderBy(name, StringComparer.Ordinal))
        {
            var unique = name(item);
            for (var n = 2; !taken.Add(unique); n++)
            {
                unique = $"{name(item)}_{n}";
            }

            result.Add(unique == name(item) ? item : renamed(item, unique));
        }

        return result.MoveToImmutable();
    }
}
