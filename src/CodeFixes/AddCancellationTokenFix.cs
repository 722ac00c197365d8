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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using ZmqContracts.Generators;

namespace ZmqContracts.CodeFixes;

/// <summary>
/// ZMQ0018: appends <c>CancellationToken cancellationToken = default</c> to an operation, and the same parameter to every
/// implementation in the solution (and every override of one) so that they still implement it, each under a name its
/// method does not use yet.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCancellationTokenFix)), Shared]
public sealed class AddCancellationTokenFix : CodeFixProvider
{
    private const string PreferredName = "cancellationToken";

    /// <summary>
    /// Marks the token's type, written fully qualified: the import adder adds <c>using System.Threading;</c> where the
    /// file needs it, and the code action's clean-up then shortens the name as far as it stays unambiguous.
    /// </summary>
    private static readonly SyntaxAnnotation TokenType = new(nameof(TokenType));

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NoCancellationToken.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var declaration = root?.FindNode(context.Span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        if (declaration is null || model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } operation)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Add a CancellationToken",
                cancellationToken => AddAsync(context.Document.Project.Solution, operation, cancellationToken),
                equivalenceKey: nameof(AddCancellationTokenFix)),
            context.Diagnostics);
    }

    private static async Task<Solution> AddAsync(Solution solution, IMethodSymbol operation, CancellationToken cancellationToken)
    {
        var changed = await OperationSignatures.RewriteAsync(
            solution,
            operation,
            (list, isContract) => Append(list, withDefault: isContract || list.Parent is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null }),
            cancellationToken).ConfigureAwait(false);
        foreach (var documentId in changed.GetChanges(solution).GetProjectChanges().SelectMany(project => project.GetChangedDocuments()).ToList())
        {
            var document = await ImportAdder.AddImportsAsync(changed.GetDocument(documentId)!, TokenType, cancellationToken: cancellationToken).ConfigureAwait(false);
            changed = document.Project.Solution;
        }

        return changed;
    }

    /// <summary>
    /// Appends the token to <paramref name="list"/>, on a line of its own if the last parameter has one. It gets
    /// <c>= default</c> when <paramref name="withDefault"/>, so that callers may leave it out; an explicit implementation
    /// gets none, because C# ignores it there (CS1066).
    /// </summary>
    private static ParameterListSyntax Append(ParameterListSyntax list, bool withDefault)
    {
        // Every identifier in the method, not only its parameters: a local or a field the body uses must keep its meaning.
        var taken = list.Parent!.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken)).Select(token => token.ValueText);
        var token = SyntaxFactory.Parameter(SyntaxFactory.Identifier(GeneratedFile.UniqueName(PreferredName, taken)))
            .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")
                .WithAdditionalAnnotations(Simplifier.Annotation, TokenType)
                .WithTrailingTrivia(SyntaxFactory.Space));
        if (withDefault)
        {
            token = OperationSignatures.WithDefault(token);
        }

        var parameters = list.Parameters;
        if (parameters.Count == 0)
        {
            return list.WithParameters(SyntaxFactory.SingletonSeparatedList(token));
        }

        var beforeLast = parameters.SeparatorCount > 0 ? parameters.GetSeparator(parameters.SeparatorCount - 1).TrailingTrivia : list.OpenParenToken.TrailingTrivia;
        var separator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(OperationSignatures.AfterComma(beforeLast));
        var last = parameters.Last();
        return list.WithParameters(SyntaxFactory.SeparatedList(
            parameters.Append(token.WithLeadingTrivia(last.GetLeadingTrivia())),
            parameters.GetSeparators().Append(separator)));
    }
}
