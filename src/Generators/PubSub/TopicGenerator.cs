using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators.PubSub;

/// <summary>Makes every type marked [Topic] implement <c>ITopicMessage&lt;T&gt;</c>, and gives templates a <c>TopicFor</c> method.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class TopicGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var topics = AttributedTypes.For(
                context,
                TopicParser.AttributeName,
                static (attributeContext, cancellationToken) =>
                    TopicParser.Parse((INamedTypeSymbol)attributeContext.TargetSymbol, attributeContext.Attributes.First(), report: null, cancellationToken))
            .WithTrackingName(TrackingNames.TopicTypes)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidTopicTypes)
            .Collect()
            .SelectMany(static (all, _) => HintNames.Unique(all, static spec => spec.HintName, static (spec, name) => spec with { HintName = name }));

        context.RegisterSourceOutput(topics, static (output, spec) => output.AddSource($"{spec.HintName}.Topic.g.cs", TopicEmitter.Emit(spec)));
    }
}
