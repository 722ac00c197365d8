using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators;

/// <summary>Reports what is wrong with the contracts of one attribute, through the same parser the generator uses.</summary>
public abstract class ContractAnalyzer : DiagnosticAnalyzer
{
    private readonly ContractPattern _pattern;

    private protected ContractAnalyzer(ContractPattern pattern) => _pattern = pattern;

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var contractAttribute = start.Compilation.GetTypeByMetadataName(_pattern.AttributeName);
            if (contractAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                var attribute = type.GetAttributes().FirstOrDefault(data => SymbolEqualityComparer.Default.Equals(data.AttributeClass, contractAttribute));
                if (attribute is not null)
                {
                    var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(symbolContext.CancellationToken).GetLocation() ?? Location.None;
                    ContractParser.Parse(type, attributeLocation, _pattern, symbolContext.ReportDiagnostic, symbolContext.CancellationToken);
                }
            }, SymbolKind.NamedType);
        });
    }
}
