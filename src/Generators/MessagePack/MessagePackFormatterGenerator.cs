using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.MessagePack;

/// <summary>
/// Writes a MessagePack formatter for every type that the assembly's MessagePack contracts send ([Reply] and [Pipeline]
/// parameters and results, [Topic] records) and the types inside them, plus the resolver that registers them with
/// <c>ZmqSerializers.MessagePack</c>: no code is generated at run time for them, so they work under native AOT.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MessagePackFormatterGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var replies = Found(context, ReplyContractParser.AttributeName, WireRoots.OfContract, TrackingNames.MessagePackReplyTypes);
        var pipelines = Found(context, PipelineContractParser.AttributeName, WireRoots.OfContract, TrackingNames.MessagePackPipelineTypes);
        var topics = Found(context, TopicParser.AttributeName, WireRoots.OfTopic, TrackingNames.MessagePackTopicTypes);

        var formatters = replies.Collect()
            .Combine(pipelines.Collect())
            .Combine(topics.Collect())
            .Select(static (found, _) => FormatterSetSpec.Merge(found.Left.Left.Concat(found.Left.Right).Concat(found.Right)))
            .WithTrackingName(TrackingNames.MessagePackFormatters);

        context.RegisterSourceOutput(formatters, static (output, spec) =>
        {
            if (spec.Formatters.Count > 0)
            {
                output.AddSource("ZmqContracts.MessagePackFormatters.g.cs", MessagePackFormatterEmitter.Emit(spec));
            }
        });
    }

    /// <summary>
    /// The formatters for the types that each MessagePack contract of one attribute sends (<see cref="AttributedTypes"/>);
    /// none for a contract with a type that cannot be sent.
    /// </summary>
    private static IncrementalValuesProvider<EquatableArray<FormatterSpec>> Found(
        IncrementalGeneratorInitializationContext context, string attributeName, System.Func<INamedTypeSymbol, IEnumerable<WireRoot>> roots, string stepName) =>
        AttributedTypes.For(
                context,
                attributeName,
                (attributeContext, cancellationToken) => Walk(
                    (INamedTypeSymbol)attributeContext.TargetSymbol,
                    attributeContext.Attributes.First(),
                    WireTypeWalker.ReachesGenericTypes(attributeContext.SemanticModel.Compilation),
                    roots,
                    cancellationToken))
            .WithTrackingName(stepName);

    private static EquatableArray<FormatterSpec> Walk(
        INamedTypeSymbol target, AttributeData attribute, bool reachesGenericTypes, System.Func<INamedTypeSymbol, IEnumerable<WireRoot>> roots, CancellationToken cancellationToken)
    {
        // A generic contract or [Topic] type is an error (ZMQ0004, ZMQ0108): it gets no formatter for its open type parameters either.
        if (ContractFormat.Of(attribute) != ContractFormat.MessagePack || target.IsGenericType)
        {
            return default;
        }

        var walker = new WireTypeWalker(target.ContainingAssembly, reachesGenericTypes);
        foreach (var root in roots(target))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (walker.Walk(root.Type) is not null)
            {
                return default;
            }
        }

        return walker.Formatters.ToEquatableArray();
    }
}
