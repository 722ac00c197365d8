using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators.PubSub;

/// <summary>
/// Reports what is wrong with a [Topic] type, through the same parser the generator uses, and, once the whole
/// compilation is seen, topics that two types share or that start with one another.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TopicAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.TopicTypeNotPartial,
        DiagnosticDescriptors.EmptyTopic,
        DiagnosticDescriptors.DuplicateTopic,
        DiagnosticDescriptors.TopicIsPrefixOfAnother,
        DiagnosticDescriptors.TopicsOverlap,
        DiagnosticDescriptors.UnknownPlaceholder,
        DiagnosticDescriptors.PlaceholderTypeNotWritable,
        DiagnosticDescriptors.MalformedTemplate,
        DiagnosticDescriptors.GenericTopicType,
        DiagnosticDescriptors.ReservedTopic,
        DiagnosticDescriptors.TopicForTaken,
        DiagnosticDescriptors.UnknownFormat,
        DiagnosticDescriptors.NotRawCompatible,
        DiagnosticDescriptors.RawTopicShape,
        DiagnosticDescriptors.FileLocalTopicType,
        DiagnosticDescriptors.UnserializableType,
        DiagnosticDescriptors.ObsoleteAsError);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedFile.AnalyzerFlags);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var topicAttribute = start.Compilation.GetTypeByMetadataName(TopicParser.AttributeName);
            if (topicAttribute is null)
            {
                return;
            }

            var topics = new ConcurrentBag<(TopicSpec Spec, string TypeName, Location Location)>();
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (GeneratedFile.IsGenerated(type))
                {
                    return;
                }

                var attribute = type.GetAttributes().FirstOrDefault(data => SymbolEqualityComparer.Default.Equals(data.AttributeClass, topicAttribute));
                if (attribute is not null
                    && TopicParser.Parse(type, attribute, symbolContext.ReportDiagnostic, symbolContext.CancellationToken) is { } spec)
                {
                    var location = attribute.ApplicationSyntaxReference?.GetSyntax(symbolContext.CancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax syntax
                        ? syntax.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax.GetLocation()
                        : Location.None;
                    topics.Add((spec, type.Name, location));
                }
            }, SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end => CompareTopics(topics.OrderBy(topic => topic.Spec.HintName, System.StringComparer.Ordinal).ToArray(), end.ReportDiagnostic));
        });
    }

    /// <summary>
    /// Compares every pair once: the same shape is an error on both; a template whose topics meet the other's is a
    /// warning on both; a prefix is a suggestion on the shorter.
    /// </summary>
    private static void CompareTopics((TopicSpec Spec, string TypeName, Location Location)[] topics, System.Action<Diagnostic> report)
    {
        for (var i = 0; i < topics.Length; i++)
        {
            for (var j = i + 1; j < topics.Length; j++)
            {
                var (first, second) = (topics[i], topics[j]);
                if (first.Spec.Shape == second.Spec.Shape)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.DuplicateTopic, first.Location, first.TypeName, second.TypeName, first.Spec.Topic));
                    report(Diagnostic.Create(DiagnosticDescriptors.DuplicateTopic, second.Location, second.TypeName, first.TypeName, second.Spec.Topic));
                    continue;
                }

                if ((first.Spec.IsTemplate || second.Spec.IsTemplate) && TopicOverlap.Overlaps(first.Spec, second.Spec))
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.TopicsOverlap, first.Location, first.TypeName, first.Spec.Topic, second.TypeName, second.Spec.Topic));
                    report(Diagnostic.Create(DiagnosticDescriptors.TopicsOverlap, second.Location, second.TypeName, second.Spec.Topic, first.TypeName, first.Spec.Topic));
                    continue;
                }

                var (shorter, longer) = first.Spec.TopicPrefix.Length <= second.Spec.TopicPrefix.Length ? (first, second) : (second, first);
                if (longer.Spec.TopicPrefix.StartsWith(shorter.Spec.TopicPrefix, System.StringComparison.Ordinal))
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.TopicIsPrefixOfAnother, shorter.Location, shorter.Spec.Topic, shorter.TypeName, longer.Spec.Topic, longer.TypeName));
                }
            }
        }
    }
}
