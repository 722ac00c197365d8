using System;
using System.Collections.Generic;
using System.Linq;

namespace ZmqContracts.Generators.MessagePack;

/// <summary>Every type of an assembly's MessagePack contracts that the generated resolver answers for, once each, in a stable order.</summary>
/// <param name="Formatters">The formatters, ordered by type, with names free among each other.</param>
internal sealed record FormatterSetSpec(EquatableArray<FormatterSpec> Formatters)
{
    /// <summary>Merges what each contract found: a type used by several contracts gets one formatter.</summary>
    public static FormatterSetSpec Merge(IEnumerable<EquatableArray<FormatterSpec>> found)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var formatters = found
            .SelectMany(formatter => formatter)
            .GroupBy(formatter => formatter.Type, StringComparer.Ordinal)
            .Select(group => group.First())
            .OrderBy(formatter => formatter.Type, StringComparer.Ordinal)
            .Select(formatter => formatter.Kind == FormatterKind.Library ? formatter : formatter with { Name = Reserve(formatter.Name, names) })
            .ToEquatableArray();
        return new FormatterSetSpec(formatters);
    }

    private static string Reserve(string preferred, HashSet<string> names)
    {
        var name = GeneratedFile.UniqueName(preferred, names);
        names.Add(name);
        return name;
    }
}
