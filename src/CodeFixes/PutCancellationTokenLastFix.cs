using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ZmqContracts.Generators;

namespace ZmqContracts.CodeFixes;

/// <summary>
/// ZMQ0009: moves an operation's only CancellationToken to the end of its parameters, as
/// <c>CancellationToken cancellationToken = default</c> so that callers may leave it out, and moves the matching
/// parameter of every implementation in the solution (and of every override of one) too, so that they still implement
/// the operation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PutCancellationTokenLastFix)), Shared]
public sealed class PutCancellationTokenLastFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.CancellationTokenNotLast.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var parameter = root?.FindNode(context.Span).FirstAncestorOrSelf<ParameterSyntax>();
        if (parameter?.Parent?.Parent is not MethodDeclarationSyntax
            || model?.GetDeclaredSymbol(parameter, context.CancellationToken) is not { ContainingSymbol: IMethodSymbol operation } token
            || operation.Parameters.Count(candidate => candidate.Type.IsCancellationToken()) != 1)
        {
            // With two tokens, which one to keep is the user's choice (see ZMQ0009's page).
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Put {token.Name} last",
                cancellationToken => OperationSignatures.RewriteAsync(
                    context.Document.Project.Solution,
                    operation,
                    (list, isContract) => list.Parameters.Count > token.Ordinal ? MoveLast(list, token.Ordinal, withDefault: isContract) : list,
                    cancellationToken),
                equivalenceKey: nameof(PutCancellationTokenLastFix)),
            context.Diagnostics);
    }

    /// <summary>
    /// Moves the parameter at <paramref name="ordinal"/> to the end, keeping the separators where they were, and gives
    /// it <c>= default</c> when <paramref name="withDefault"/> and it has no default yet.
    /// </summary>
    private static ParameterListSyntax MoveLast(ParameterListSyntax list, int ordinal, bool withDefault)
    {
        var parameters = list.Parameters;
        var moved = withDefault ? OperationSignatures.WithDefault(parameters[ordinal]) : parameters[ordinal];

        var reordered = parameters.RemoveAt(ordinal).Add(moved);
        var nodes = reordered.Select((parameter, index) => parameter.WithTriviaFrom(parameters[index]));
        return list.WithParameters(SyntaxFactory.SeparatedList(nodes, parameters.GetSeparators()));
    }
}
