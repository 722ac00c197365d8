using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ZmqContracts.Generators.Pipeline;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Json;

/// <summary>
/// Reports ZMQ0015 on a contract attribute whose <c>JsonContext</c> cannot be used, or that asks for JSON without one in
/// a project that publishes with native AOT or declares itself AOT-compatible, where System.Text.Json cannot describe
/// types by reflection.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JsonContextAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<string> ContractAttributes =
        ImmutableArray.Create(ReplyContractParser.AttributeName, PipelineContractParser.AttributeName, TopicParser.AttributeName);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.JsonWithoutContext);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var attributes = ContractAttributes.Select(start.Compilation.GetTypeByMetadataName).Where(attribute => attribute is not null).ToImmutableArray();
            var options = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var aot = IsTrue(options, "build_property.PublishAot") || IsTrue(options, "build_property.IsAotCompatible");
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                foreach (var attribute in type.GetAttributes().Where(data => attributes.Contains(data.AttributeClass, SymbolEqualityComparer.Default)))
                {
                    if (Problem(attribute, aot) is { } problem)
                    {
                        var location = attribute.ApplicationSyntaxReference?.GetSyntax(symbolContext.CancellationToken).GetLocation() ?? Location.None;
                        symbolContext.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonWithoutContext, location, type.Name, problem));
                    }
                }
            }, SymbolKind.NamedType);
        });
    }

    private static string? Problem(AttributeData attribute, bool aot)
    {
        var format = ContractFormat.Of(attribute);
        var (context, problem) = ContractFormat.JsonContextOf(attribute);
        return problem
            ?? (context is not null && format != ContractFormat.Json
                ? "names a JsonContext, which only a Json contract uses: set Format = ZmqFormat.Json, or remove JsonContext"
                : context is null && format == ContractFormat.Json && aot
                    ? "is JSON in a native-AOT project (PublishAot or IsAotCompatible), where System.Text.Json cannot describe types by reflection: set JsonContext = typeof(YourJsonContext), a JsonSerializerContext that lists the types it sends"
                    : null);
    }

    private static bool IsTrue(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && string.Equals(value, "true", System.StringComparison.OrdinalIgnoreCase);
}
