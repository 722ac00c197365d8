using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ZmqContracts.Generators.PubSub;

/// <summary>Makes every type marked [Topic] implement <c>ITopicMessage&lt;T&gt;</c>, and gives templates a <c>TopicFor</c> method.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class TopicGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var topics = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TopicParser.AttributeName,
                // On anything but a type the attribute is the compiler's error (CS0592): no message to parse.
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                // Below C# 11 generated code would not compile: nothing is generated (ZMQ0021).
                transform: static (attributeContext, cancellationToken) => LanguageSupport.IsSupported(attributeContext.SemanticModel.Compilation)
                    ? TopicParser.Parse((INamedTypeSymbol)attributeContext.TargetSymbol, attributeContext.Attributes.First(), report: null, cancellationToken)
                    : null)
            .WithTrackingName(TrackingNames.TopicTypes)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidTopicTypes)
            .Collect()
            .SelectMany(static (all, _) => HintNames.Unique(all, static spec => spec.HintName, static (spec, name) => spec with { HintName = name }));

        context.RegisterSourceOutput(topics, static (output, spec) => output.AddSource($"{spec.HintName}.Topic.g.cs", TopicEmitter.Emit(spec)));
    }
}
