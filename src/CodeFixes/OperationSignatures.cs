using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace ZmqContracts.CodeFixes;

/// <summary>
/// Changes the parameters of an operation and of every implementation in the solution (and every override of one) in
/// one step, so that the implementations still implement the operation after a fix; and of every other interface method
/// that one of those implements too (another contract's operation of the same signature, a plain interface's method),
/// with its implementations, so that they go on implementing it as well.
/// </summary>
internal static class OperationSignatures
{
    /// <summary>
    /// Replaces the parameter list of <paramref name="operation"/>'s declarations and of its implementations' (and of
    /// the interface methods they implement besides, <see cref="SharingSignatureAsync"/>) with what
    /// <paramref name="rewrite"/> makes of it, told whether the list is an interface's declaration (the operation's, or
    /// another interface's method that an implementation shares) rather than an implementation's.
    /// </summary>
    public static async Task<Solution> RewriteAsync(
        Solution solution,
        IMethodSymbol operation,
        Func<ParameterListSyntax, bool, ParameterListSyntax> rewrite,
        CancellationToken cancellationToken)
    {
        var lists = new List<(ParameterListSyntax List, bool IsContract)>();
        foreach (var method in await SharingSignatureAsync(solution, operation, cancellationToken).ConfigureAwait(false))
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is MethodDeclarationSyntax declaration)
                {
                    lists.Add((declaration.ParameterList, method.ContainingType.TypeKind == TypeKind.Interface));
                }
            }
        }

        foreach (var inTree in lists.GroupBy(item => item.List.SyntaxTree))
        {
            var document = solution.GetDocument(inTree.Key);
            if (document is null)
            {
                continue;
            }

            var isContract = inTree.ToDictionary(item => item.List, item => item.IsContract);
            var root = await inTree.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            solution = solution.WithDocumentSyntaxRoot(
                document.Id,
                root.ReplaceNodes(isContract.Keys, (original, _) => rewrite(original, isContract[original])));
        }

        return solution;
    }

    /// <summary>
    /// <paramref name="operation"/>, its implementations (<see cref="ImplementationsAsync"/>), the other interface methods
    /// those implement, and theirs, and so on: the methods whose parameters must change together, since one method that
    /// implements two interfaces' methods of one signature goes on implementing both only if both change. Each method is
    /// taken once, so the walk ends with the solution's methods.
    /// </summary>
    private static async Task<IReadOnlyCollection<IMethodSymbol>> SharingSignatureAsync(Solution solution, IMethodSymbol operation, CancellationToken cancellationToken)
    {
        var found = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { operation };
        var declarations = new Queue<IMethodSymbol>([operation]);
        while (declarations.Count > 0)
        {
            foreach (var implementation in await ImplementationsAsync(solution, declarations.Dequeue(), cancellationToken).ConfigureAwait(false))
            {
                if (!found.Add(implementation))
                {
                    continue;
                }

                foreach (var implemented in await SymbolFinder.FindImplementedInterfaceMembersAsync(implementation, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (implemented is IMethodSymbol method && found.Add(method))
                    {
                        declarations.Enqueue(method);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The methods that implement <paramref name="operation"/>, and the overrides of each in derived classes (at any
    /// depth): an override must keep the parameters of the method it overrides.
    /// </summary>
    private static async Task<IEnumerable<IMethodSymbol>> ImplementationsAsync(Solution solution, IMethodSymbol operation, CancellationToken cancellationToken)
    {
        var implementations = (await SymbolFinder.FindImplementationsAsync(operation, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
            .OfType<IMethodSymbol>()
            .ToList();
        var methods = new HashSet<IMethodSymbol>(implementations, SymbolEqualityComparer.Default);
        foreach (var implementation in implementations)
        {
            var overrides = await SymbolFinder.FindOverridesAsync(implementation, solution, cancellationToken: cancellationToken).ConfigureAwait(false);
            methods.UnionWith(overrides.OfType<IMethodSymbol>());
        }

        return methods;
    }

    /// <summary>
    /// What a new comma in a parameter list is followed by, taken from <paramref name="trivia"/> (what follows another
    /// comma or the opening parenthesis) without its comments, which belong to the parameter they stand beside: its line
    /// break if it has one, else a space.
    /// </summary>
    public static SyntaxTriviaList AfterComma(SyntaxTriviaList trivia) => trivia.Any(SyntaxKind.EndOfLineTrivia)
        ? SyntaxFactory.TriviaList(trivia.First(item => item.IsKind(SyntaxKind.EndOfLineTrivia)))
        : SyntaxFactory.TriviaList(SyntaxFactory.Space);

    /// <summary>Gives <paramref name="parameter"/> <c>= default</c> unless it has a default already.</summary>
    public static ParameterSyntax WithDefault(ParameterSyntax parameter) => parameter.Default is not null
        ? parameter
        : parameter
            .WithIdentifier(parameter.Identifier.WithTrailingTrivia(SyntaxFactory.Space))
            .WithDefault(SyntaxFactory.EqualsValueClause(
                SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression, SyntaxFactory.Token(SyntaxKind.DefaultKeyword))));
}
