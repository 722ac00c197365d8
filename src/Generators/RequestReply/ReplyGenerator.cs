using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>Writes <c>XxxClient</c> and <c>XxxServer</c> for every interface marked [Reply].</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ReplyGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contracts = ContractProvider.ValidContracts(
            context, ReplyContractParser.Pattern, TrackingNames.ReplyContracts, TrackingNames.ValidReplyContracts);

        context.RegisterSourceOutput(contracts, static (output, spec) => ContractProvider.WriteRoles(output, spec, ReplyContractParser.Pattern));
    }
}
