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

            var topics = new ConcurrentBag<Topic>();
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
                    topics.Add(new Topic(spec, type.Name, type.ToDisplayString(), location));
                }
            }, SymbolKind.NamedType);

            start.RegisterCompilationEndAction(end => CompareTopics(topics.OrderBy(topic => topic.Spec.HintName, System.StringComparer.Ordinal).ToArray(), end.ReportDiagnostic));
        });
    }

    /// <summary>
    /// Compares every pair once: the same shape is an error on both; a template whose topics meet the other's is a
    /// warning on both; a prefix is a suggestion on the shorter.
    /// </summary>
    private static void CompareTopics(Topic[] topics, System.Action<Diagnostic> report)
    {
        for (var i = 0; i < topics.Length; i++)
        {
            for (var j = i + 1; j < topics.Length; j++)
            {
                var (first, second) = (topics[i], topics[j]);
                var (firstName, secondName) = Names(first, second);
                if (first.Spec.Shape == second.Spec.Shape)
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.DuplicateTopic, first.Location, firstName, secondName, first.Spec.Topic));
                    report(Diagnostic.Create(DiagnosticDescriptors.DuplicateTopic, second.Location, secondName, firstName, second.Spec.Topic));
                    continue;
                }

                if ((first.Spec.IsTemplate || second.Spec.IsTemplate) && TopicOverlap.Overlaps(first.Spec, second.Spec))
                {
                    report(Diagnostic.Create(DiagnosticDescriptors.TopicsOverlap, first.Location, firstName, first.Spec.Topic, secondName, second.Spec.Topic));
                    report(Diagnostic.Create(DiagnosticDescriptors.TopicsOverlap, second.Location, secondName, second.Spec.Topic, firstName, first.Spec.Topic));
                    continue;
                }

                var (shorter, longer) = first.Spec.TopicPrefix.Length <= second.Spec.TopicPrefix.Length ? (first, second) : (second, first);
                if (longer.Spec.TopicPrefix.StartsWith(shorter.Spec.TopicPrefix, System.StringComparison.Ordinal))
                {
                    var (shorterName, longerName) = Names(shorter, longer);
                    var isPrefix = shorter.Spec.IsTemplate ? $"starts with '{shorter.Spec.TopicPrefix}'," : "is";
                    report(Diagnostic.Create(DiagnosticDescriptors.TopicIsPrefixOfAnother, shorter.Location, shorter.Spec.Topic, shorterName, isPrefix, longer.Spec.Topic, longerName));
                }
            }
        }
    }

    /// <summary>How a diagnostic names the two types: by their simple names, or, when those are the same, by their full names.</summary>
    private static (string First, string Second) Names(Topic first, Topic second) =>
        first.Name == second.Name ? (first.FullName, second.FullName) : (first.Name, second.Name);

    /// <summary>A <c>[Topic]</c> type's topic, its simple and fully qualified names, and where its topic is written.</summary>
    private readonly record struct Topic(TopicSpec Spec, string Name, string FullName, Location Location);
}
