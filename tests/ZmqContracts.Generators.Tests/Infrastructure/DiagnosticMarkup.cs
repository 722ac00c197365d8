using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ZmqContracts.Generators.Tests;

/// <summary>
/// Sources with their expected diagnostics marked in place: <c>{|ZMQ0002:int|}</c> expects ZMQ0002 exactly on
/// the text <c>int</c>. <see cref="VerifyAsync"/> asserts the analyzer reports those and nothing else.
/// </summary>
internal static partial class DiagnosticMarkup
{
    [GeneratedRegex(@"\{\|(?<id>ZMQ\d{4}):(?<text>.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex Marker();

    public static async Task VerifyAsync(DiagnosticAnalyzer analyzer, string markedSource, ImmutableDictionary<string, string>? buildProperties = null)
    {
        var expected = new List<(string Id, TextSpan Span)>();
        var source = new StringBuilder();
        var last = 0;
        foreach (Match match in Marker().Matches(markedSource))
        {
            source.Append(markedSource, last, match.Index - last);
            expected.Add((match.Groups["id"].Value, new TextSpan(source.Length, match.Groups["text"].Length)));
            source.Append(match.Groups["text"].Value);
            last = match.Index + match.Length;
        }

        source.Append(markedSource, last, markedSource.Length - last);
        var text = source.ToString();

        var diagnostics = await GeneratorHarness.AnalyzeAsync(analyzer, buildProperties ?? ImmutableDictionary<string, string>.Empty, text);
        var actual = diagnostics.Select(diagnostic => (diagnostic.Id, diagnostic.Location.SourceSpan)).OrderBy(item => item.SourceSpan.Start).ThenBy(item => item.Id);
        Assert.Equal(
            expected.OrderBy(item => item.Span.Start).ThenBy(item => item.Id).Select(item => Describe(item.Id, item.Span, text)),
            actual.Select(item => Describe(item.Id, item.SourceSpan, text)));
        Assert.All(diagnostics, diagnostic => Assert.EndsWith($"{diagnostic.Id}.md", diagnostic.Descriptor.HelpLinkUri));
    }

    private static string Describe(string id, TextSpan span, string text) => $"{id} at '{text.Substring(span.Start, span.Length)}' ({span.Start})";
}
