using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators.RequestReply;

/// <summary>Reports what is wrong with a [Reply] contract, through the same parser the generator uses.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReplyContractAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ReplyOnNonInterface,
        DiagnosticDescriptors.UnsupportedReturnType,
        DiagnosticDescriptors.ParameterNotByValue,
        DiagnosticDescriptors.GenericNotSupported,
        DiagnosticDescriptors.OverloadedOperation,
        DiagnosticDescriptors.NonOperationMember,
        DiagnosticDescriptors.UnserializableType,
        DiagnosticDescriptors.InaccessibleContract,
        DiagnosticDescriptors.CancellationTokenNotLast,
        DiagnosticDescriptors.EmptyContract,
        DiagnosticDescriptors.ReservedOperationName,
        DiagnosticDescriptors.UnknownFormat,
        DiagnosticDescriptors.NotRawCompatible);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var replyAttribute = start.Compilation.GetTypeByMetadataName(ReplyContractParser.AttributeName);
            if (replyAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                var attribute = type.GetAttributes().FirstOrDefault(data => SymbolEqualityComparer.Default.Equals(data.AttributeClass, replyAttribute));
                if (attribute is not null)
                {
                    ReplyContractParser.Parse(type, attribute, symbolContext.ReportDiagnostic, symbolContext.CancellationToken);
                }
            }, SymbolKind.NamedType);
        });
    }
}
