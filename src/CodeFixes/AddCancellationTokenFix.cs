using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Text;
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

    private const string Title = "Add a CancellationToken";

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await OperationAtAsync(context.Document, context.Span, context.CancellationToken).ConfigureAwait(false) is not { } operation)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                Title,
                async cancellationToken => await AddImportsAsync(
                    context.Document.Project.Solution,
                    await AddTokenAsync(context.Document.Project.Solution, operation, cancellationToken).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false),
                equivalenceKey: nameof(AddCancellationTokenFix)),
            context.Diagnostics);
    }

    /// <summary>The operation whose name <paramref name="span"/> (a ZMQ0018) is on, or <see langword="null"/>.</summary>
    private static async Task<IMethodSymbol?> OperationAtAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var declaration = root?.FindNode(span).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        return declaration is null ? null : model?.GetDeclaredSymbol(declaration, cancellationToken);
    }

    /// <summary>Appends the token to the operation and to its implementations, their types written fully qualified and marked.</summary>
    private static Task<Solution> AddTokenAsync(Solution solution, IMethodSymbol operation, CancellationToken cancellationToken) =>
        OperationSignatures.RewriteAsync(
            solution,
            operation,
            (list, isContract) => Append(list, withDefault: isContract || list.Parent is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null }),
            cancellationToken);

    /// <summary>Adds <c>using System.Threading;</c> to each document of <paramref name="changed"/> that differs from <paramref name="original"/> and needs it.</summary>
    private static async Task<Solution> AddImportsAsync(Solution original, Solution changed, CancellationToken cancellationToken)
    {
        foreach (var documentId in changed.GetChanges(original).GetProjectChanges().SelectMany(project => project.GetChangedDocuments()).ToList())
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

    /// <summary>
    /// Fixes every ZMQ0018 in the scope one after another, each on the solution the one before left, then adds the imports
    /// once per changed document. The batch fixer computes each fix on the original solution and merges their text
    /// changes, dropping those that overlap: every fix adds the same using, and fixes of two operations may edit one
    /// implementation document.
    /// </summary>
    private sealed class FixAll : FixAllProvider
    {
        public static readonly FixAll Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => [FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution];

        public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
        {
            IEnumerable<Document> documents = context.Scope switch
            {
                FixAllScope.Document => [context.Document!],
                FixAllScope.Project => context.Project.Documents,
                _ => context.Solution.Projects.SelectMany(project => project.Documents),
            };

            // An operation's signature changes only when it is fixed itself, or with one whose implementation it shares
            // (OperationSignatures): then its id, of the signature before, finds nothing later, and it is not fixed twice.
            var operations = new List<(ProjectId Project, string Id)>();
            foreach (var document in documents)
            {
                foreach (var diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await OperationAtAsync(document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is { } operation
                        && DocumentationCommentId.CreateDeclarationId(operation) is { } id)
                    {
                        operations.Add((document.Project.Id, id));
                    }
                }
            }

            return operations.Count == 0 ? null : CodeAction.Create(Title, cancellationToken => AddAllAsync(context.Solution, operations, cancellationToken), nameof(AddCancellationTokenFix));
        }

        private static async Task<Solution> AddAllAsync(Solution original, List<(ProjectId Project, string Id)> operations, CancellationToken cancellationToken)
        {
            var solution = original;
            foreach (var (project, id) in operations.Distinct())
            {
                var compilation = await solution.GetProject(project)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation!) is IMethodSymbol operation)
                {
                    solution = await AddTokenAsync(solution, operation, cancellationToken).ConfigureAwait(false);
                }
            }

            return await AddImportsAsync(original, solution, cancellationToken).ConfigureAwait(false);
        }
    }
}
