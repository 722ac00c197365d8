using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators;

/// <summary>Reports ZMQ0021 on every contract attribute of a project whose C# is older than generated code needs.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LanguageVersionAnalyzer() : ContractAttributeAnalyzer(DiagnosticDescriptors.LanguageVersionTooOld)
{
    private protected override void Check(ContractAttributeUse use)
    {
        var compilation = (CSharpCompilation)use.Context.Compilation;
        if (!LanguageSupport.IsSupported(compilation))
        {
            use.Context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LanguageVersionTooOld, use.AttributeLocation, LanguageSupport.Describe(compilation.LanguageVersion), use.Type.Name));
        }
    }
}
