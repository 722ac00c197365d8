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
/// one step, so that the implementations still implement the operation after a fix.
/// </summary>
internal static class OperationSignatures
{
    /// <summary>
    /// Replaces the parameter list of <paramref name="operation"/>'s declarations and of its implementations' with what
    /// <paramref name="rewrite"/> makes of it, told whether the list is the contract's (the operation's own).
    /// </summary>
    public static async Task<Solution> RewriteAsync(
        Solution solution,
        IMethodSymbol operation,
        Func<ParameterListSyntax, bool, ParameterListSyntax> rewrite,
        CancellationToken cancellationToken)
    {
        var implementations = await ImplementationsAsync(solution, operation, cancellationToken).ConfigureAwait(false);
        var lists = new List<(ParameterListSyntax List, bool IsContract)>();
        foreach (var method in implementations.Prepend(operation))
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is MethodDeclarationSyntax declaration)
                {
                    lists.Add((declaration.ParameterList, SymbolEqualityComparer.Default.Equals(method, operation)));
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
