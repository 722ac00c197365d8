using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators.Pipeline;

/// <summary>Reports what is wrong with a [Pipeline] contract, through the same parser the generator uses.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PipelineAnalyzer : ContractAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public PipelineAnalyzer()
        : base(PipelineContractParser.Pattern, DiagnosticDescriptors.PipelineOnNonInterface, DiagnosticDescriptors.NotOneItem, DiagnosticDescriptors.IdempotentInPipeline)
    {
    }
}
