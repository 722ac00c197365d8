using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Rename;
using ZmqContracts.Generators;

namespace ZmqContracts.CodeFixes;

/// <summary>
/// ZMQ0014: renames the user's type that has the name of a generated one, with every reference to it, to the first
/// free name with a number after it (<c>PricingClient1</c>), so that the generator can write its type. When the name is
/// another contract's generated type's, it offers nothing: renaming either contract is the user's choice (see ZMQ0014's page).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameCollidingTypeFix)), Shared]
public sealed class RenameCollidingTypeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.GeneratedTypeNameTaken.Id);

    /// <summary>Renames touch the whole solution one type at a time; there is nothing to fix all at once.</summary>
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var solution = context.Document.Project.Solution;
        foreach (var diagnostic in context.Diagnostics)
        {
            // The analyzer reports on the contract and points at the user's type with the additional location; at another
            // contract, whose generated type has the name, there is nothing of the user's to rename.
            var typeLocation = diagnostic.AdditionalLocations.FirstOrDefault();
            if (diagnostic.Properties.ContainsKey(GeneratedTypeCollisions.TakenByContract)
                || typeLocation?.SourceTree is not { } tree
                || solution.GetDocument(tree) is not { } typeDocument)
            {
                continue;
            }

            var model = await typeDocument.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            var root = await tree.GetRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (model?.GetDeclaredSymbol(root.FindToken(typeLocation.SourceSpan.Start).Parent!, context.CancellationToken) is not INamedTypeSymbol type)
            {
                continue;
            }

            var newName = GeneratedFile.UniqueName(type.Name, type.ContainingNamespace.GetTypeMembers().Select(member => member.Name));
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Rename {type.Name} to {newName}",
                    cancellationToken => Renamer.RenameSymbolAsync(solution, type, default(SymbolRenameOptions), newName, cancellationToken),
                    equivalenceKey: nameof(RenameCollidingTypeFix)),
                diagnostic);
        }
    }
}
