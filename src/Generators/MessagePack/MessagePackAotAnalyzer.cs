using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ZmqContracts.Generators.MessagePack;

/// <summary>
/// Reports ZMQ0019, in a project that publishes with native AOT or declares itself AOT-compatible, on each parameter,
/// result or [Topic] record of a MessagePack contract that holds a type the generator writes no formatter for and
/// MessagePack has none built in for: MessagePack would generate one at run time, which a native binary cannot do.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessagePackAotAnalyzer() : ContractAttributeAnalyzer(DiagnosticDescriptors.NoFormatterUnderAot)
{
    private protected override void Check(ContractAttributeUse use)
    {
        if (!use.IsAot || ContractFormat.Of(use.Attribute) != ContractFormat.MessagePack)
        {
            return;
        }

        var fallback = SyntaxLocations.NameOf(use.Type, use.AttributeLocation);
        var reachesGenericTypes = WireTypeWalker.ReachesGenericTypes(use.Context.Compilation);
        foreach (var root in use.IsTopic ? WireRoots.OfTopic(use.Type) : WireRoots.OfContract(use.Type))
        {
            // An operation that names a type code elsewhere cannot see is the compiler's error (CS0051), not ours to repeat.
            if (!use.IsTopic && SymbolFacts.NamesInaccessibleType(root.Type))
            {
                continue;
            }

            var walker = new WireTypeWalker(use.Type.ContainingAssembly, reachesGenericTypes);
            if (walker.Walk(root.Type) is null && walker.Unwritten is { } unwritten)
            {
                use.Context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NoFormatterUnderAot, root.Locate(fallback, use.Context.CancellationToken), root.Sender, unwritten.Where, unwritten.Reason));
            }
        }
    }
}
