using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators;

/// <summary>Reports what is wrong with the contracts of one attribute, through the same parser the generator uses.</summary>
public abstract class ContractAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableDictionary<string, string?> TakenByContractProperties =
        ImmutableDictionary<string, string?>.Empty.Add(GeneratedTypeCollisions.TakenByContract, "true");

    /// <summary>What <see cref="ContractParser"/> reports for every contract attribute.</summary>
    private static readonly ImmutableArray<DiagnosticDescriptor> SharedDiagnostics = ImmutableArray.Create(
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
        DiagnosticDescriptors.NotRawCompatible,
        DiagnosticDescriptors.GeneratedTypeNameTaken,
        DiagnosticDescriptors.NoCancellationToken,
        DiagnosticDescriptors.ObsoleteAsError);

    private readonly ContractPattern _pattern;

    /// <param name="pattern">The attribute and how to parse its contracts.</param>
    /// <param name="ownDiagnostics">What only this attribute's contracts can get wrong.</param>
    private protected ContractAnalyzer(ContractPattern pattern, params DiagnosticDescriptor[] ownDiagnostics)
    {
        _pattern = pattern;
        SupportedDiagnostics = SharedDiagnostics.InsertRange(0, ownDiagnostics);
    }

    /// <inheritdoc />
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedFile.AnalyzerFlags);
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
                if (GeneratedFile.IsGenerated(type))
                {
                    return;
                }

                var attribute = type.GetAttributes().FirstOrDefault(data => SymbolEqualityComparer.Default.Equals(data.AttributeClass, contractAttribute));
                if (attribute is not null
                    && ContractParser.Parse(type, attribute, _pattern, symbolContext.ReportDiagnostic, symbolContext.CancellationToken) is { } spec)
                {
                    ReportCollisions(type, spec, symbolContext);
                }
            }, SymbolKind.NamedType);
        });
    }

    /// <summary>
    /// ZMQ0014 on the contract, with what has the name as the additional location: the user's type, which the rename fix
    /// renames, or the other contract whose generated type takes it, marked <see cref="GeneratedTypeCollisions.TakenByContract"/>.
    /// </summary>
    private void ReportCollisions(INamedTypeSymbol contract, ContractSpec spec, SymbolAnalysisContext context)
    {
        foreach (var (role, declared, holder, byContract) in GeneratedTypeCollisions.Find(context.Compilation, contract, spec, _pattern, context.CancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GeneratedTypeNameTaken,
                SyntaxLocations.NameOf(contract, Location.None),
                [SyntaxLocations.NameOf(declared, Location.None)],
                byContract ? TakenByContractProperties : null,
                role.Word,
                contract.Name,
                spec.BaseName + role.Suffix,
                holder));
        }
    }
}
