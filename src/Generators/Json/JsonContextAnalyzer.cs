using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators.Json;

/// <summary>
/// Reports ZMQ0015 on a contract attribute whose <c>JsonContext</c> cannot be used, or that asks for JSON without one in
/// a project that is trimmed or published with native AOT (or declares itself trimmable or AOT-compatible), where
/// System.Text.Json cannot describe types by reflection.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JsonContextAnalyzer() : ContractAttributeAnalyzer(DiagnosticDescriptors.JsonWithoutContext)
{
    private protected override void Check(ContractAttributeUse use)
    {
        if (Problem(use.Attribute, use.IsTrimmed) is { } problem)
        {
            use.Context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.JsonWithoutContext, use.AttributeLocation, use.Type.Name, problem));
        }
    }

    private static string? Problem(AttributeData attribute, bool trimmed)
    {
        var format = ContractFormat.Of(attribute);
        var (context, problem) = ContractFormat.JsonContextOf(attribute);
        return problem
            ?? (context is not null && format != ContractFormat.Json
                ? "names a JsonContext, which only a Json contract uses: set Format = ZmqFormat.Json, or remove JsonContext"
                : !ContractFormat.NamesJsonContext(attribute) && format == ContractFormat.Json && trimmed
                    ? "is JSON in a trimmed or native-AOT project (PublishTrimmed, IsTrimmable, PublishAot or IsAotCompatible), where System.Text.Json cannot describe types by reflection: set JsonContext = typeof(YourJsonContext), a JsonSerializerContext that lists the types it sends"
                    : null);
    }
}
