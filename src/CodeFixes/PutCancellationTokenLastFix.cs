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
            || operation.Parameters.Count(candidate => candidate.Type.IsCancellationToken()) != 1
            || token.RefKind != RefKind.None
            || operation.Parameters.Any(candidate => candidate.IsParams))
        {
            // With two tokens, which one to keep is the user's choice; a token passed by reference cannot take
            // = default (CS1741), and nothing can follow a params parameter (CS0231): ZMQ0003 asks for a plain
            // parameter there first (see ZMQ0009's page).
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Put {token.Name} last",
                cancellationToken => OperationSignatures.RewriteAsync(
                    context.Document.Project.Solution,
                    operation,
                    (list, isContract) => token.Ordinal < list.Parameters.Count - 1 ? MoveLast(list, token.Ordinal, withDefault: isContract) : list,
                    cancellationToken),
                equivalenceKey: nameof(PutCancellationTokenLastFix)),
            context.Diagnostics);
    }

    /// <summary>
    /// Moves the parameter at <paramref name="ordinal"/> to the end, and gives it <c>= default</c> when
    /// <paramref name="withDefault"/> and it has no default yet. The layout stays where it was; each parameter takes along
    /// what follows its comma (a comment on it), and the moved one, which gets no comma, takes its comment to a line
    /// of its own above it (in front of it on a single line).
    /// </summary>
    private static ParameterListSyntax MoveLast(ParameterListSyntax list, int ordinal, bool withDefault)
    {
        var parameters = list.Parameters;
        var separators = parameters.GetSeparators().ToList();
        var order = Enumerable.Range(0, parameters.Count).Where(index => index != ordinal).Append(ordinal).ToList();

        var nodes = order.Select((from, to) => parameters[from].WithTriviaFrom(parameters[to])).ToList();
        var movedComment = separators[ordinal].TrailingTrivia.SkipWhile(trivia => trivia.IsKind(SyntaxKind.WhitespaceTrivia)).ToList();
        var last = nodes.Count - 1;
        var moved = nodes[last];
        if (movedComment.Any(trivia => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)))
        {
            var indentation = moved.GetLeadingTrivia();
            moved = moved.WithLeadingTrivia(movedComment.Last().IsKind(SyntaxKind.EndOfLineTrivia)
                ? indentation.AddRange(movedComment).AddRange(indentation)
                : indentation.AddRange(movedComment));
        }

        nodes[last] = withDefault ? OperationSignatures.WithDefault(moved) : moved;
        var reseparated = separators.Select((separator, at) => separator.WithTrailingTrivia(order[at] < separators.Count
            ? separators[order[at]].TrailingTrivia
            : OperationSignatures.AfterComma(separator.TrailingTrivia)));
        return list.WithParameters(SyntaxFactory.SeparatedList(nodes, reseparated));
    }
}
