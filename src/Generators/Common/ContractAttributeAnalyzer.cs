using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators;

/// <summary>One use of a contract attribute, as the analyzers that check every pattern alike see it.</summary>
/// <param name="Context">The symbol analysis, to report through.</param>
/// <param name="Type">The type the attribute is on.</param>
/// <param name="Attribute">The [Reply], [Pipeline] or [Topic] attribute.</param>
/// <param name="IsAot">Whether the project publishes with native AOT or declares itself AOT-compatible.</param>
/// <param name="IsTrimmed">Whether the project publishes trimmed or declares itself trimmable (native AOT trims too).</param>
internal readonly record struct ContractAttributeUse(SymbolAnalysisContext Context, INamedTypeSymbol Type, AttributeData Attribute, bool IsAot, bool IsTrimmed)
{
    /// <summary>Where the attribute is applied, for a diagnostic about it.</summary>
    public Location AttributeLocation => Attribute.ApplicationSyntaxReference?.GetSyntax(Context.CancellationToken).GetLocation() ?? Location.None;

    /// <summary>Whether the attribute is [Topic] rather than a contract interface's.</summary>
    public bool IsTopic => Attribute.AttributeClass?.ToDisplayString() == TopicParser.AttributeName;
}

/// <summary>
/// The base of the analyzers that check every [Reply], [Pipeline] and [Topic] attribute alike (ZMQ0015, ZMQ0019, ZMQ0021), telling
/// each check whether the project is built for native AOT (<c>PublishAot</c> or <c>IsAotCompatible</c>) and whether it
/// is trimmed (those, <c>PublishTrimmed</c> or <c>IsTrimmable</c>), which build/ZmqContracts.props makes visible to analyzers.
/// </summary>
public abstract class ContractAttributeAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<string> ContractAttributes =
        ImmutableArray.Create(ReplyContractParser.AttributeName, PipelineContractParser.AttributeName, TopicParser.AttributeName);

    /// <param name="descriptor">The one diagnostic the analyzer reports.</param>
    private protected ContractAttributeAnalyzer(DiagnosticDescriptor descriptor) => SupportedDiagnostics = ImmutableArray.Create(descriptor);

    /// <inheritdoc />
    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedFile.AnalyzerFlags);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attributes = ContractAttributes.Select(start.Compilation.GetTypeByMetadataName).Where(attribute => attribute is not null).ToImmutableArray();
            var options = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var aot = IsTrue(options, "build_property.PublishAot") || IsTrue(options, "build_property.IsAotCompatible");
            var trimmed = aot || IsTrue(options, "build_property.PublishTrimmed") || IsTrue(options, "build_property.IsTrimmable");
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (GeneratedFile.IsGenerated(type))
                {
                    return;
                }

                foreach (var attribute in type.GetAttributes().Where(data => attributes.Contains(data.AttributeClass, SymbolEqualityComparer.Default)))
                {
                    Check(new ContractAttributeUse(symbolContext, type, attribute, aot, trimmed));
                }
            }, SymbolKind.NamedType);
        });
    }

    /// <summary>Checks one contract attribute, reporting through <see cref="ContractAttributeUse.Context"/>.</summary>
    private protected abstract void Check(ContractAttributeUse use);

    private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
