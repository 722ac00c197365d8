using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators.Pipeline;

/// <summary>
/// Writes <c>XxxProducer</c> and <c>XxxWorker</c> for every interface marked [Pipeline], and <c>XxxCollector</c> when
/// one of its operations produces a result.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class PipelineGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var contracts = ContractProvider.ValidContracts(
            context, PipelineContractParser.Pattern, TrackingNames.PipelineContracts, TrackingNames.ValidPipelineContracts);

        context.RegisterSourceOutput(contracts, static (output, spec) => ContractProvider.WriteRoles(output, spec, PipelineContractParser.Pattern));
    }
}
