using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators.Pipeline;

/// <summary>Reports what is wrong with a [Pipeline] contract, through the same parser the generator uses.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PipelineAnalyzer : ContractAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public PipelineAnalyzer()
        : base(PipelineContractParser.Pattern)
    {
    }

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.PipelineOnNonInterface,
        DiagnosticDescriptors.NotOneItem,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.ParameterNotByValue,
        DiagnosticDescriptors.GenericNotSupported,
        DiagnosticDescriptors.OverloadedOperation,
        DiagnosticDescriptors.NonOperationMember,
        DiagnosticDescriptors.UnserializableType,
        DiagnosticDescriptors.InaccessibleContract,
        DiagnosticDescriptors.CancellationTokenNotLast,
        DiagnosticDescriptors.EmptyContract,
        DiagnosticDescriptors.ReservedOperationName);
}
