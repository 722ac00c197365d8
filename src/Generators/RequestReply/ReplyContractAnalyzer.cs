using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>Reports what is wrong with a [Reply] contract, through the same parser the generator uses.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReplyContractAnalyzer : ContractAnalyzer
{
    /// <summary>Creates the analyzer.</summary>
    public ReplyContractAnalyzer()
        : base(ReplyContractParser.Pattern, DiagnosticDescriptors.ReplyOnNonInterface, DiagnosticDescriptors.OperationFrameNeedsOneOperation)
    {
    }
}
