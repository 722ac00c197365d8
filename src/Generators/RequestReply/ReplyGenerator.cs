using System.Linq;
using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>Writes <c>XxxClient</c> and <c>XxxServer</c> for every interface marked [Reply].</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ReplyGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contracts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ReplyContractParser.AttributeName,
                predicate: static (_, _) => true,
                transform: static (attributeContext, cancellationToken) => ReplyContractParser.Parse(
                    (INamedTypeSymbol)attributeContext.TargetSymbol, attributeContext.Attributes.First(), report: null, cancellationToken))
            .WithTrackingName(TrackingNames.ReplyContracts)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidReplyContracts);

        context.RegisterSourceOutput(contracts, static (output, spec) =>
        {
            output.AddSource($"{spec.HintName}.Client.g.cs", ReplyEmitter.EmitClient(spec));
            output.AddSource($"{spec.HintName}.Server.g.cs", ReplyEmitter.EmitServer(spec));
        });
    }
}
