using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ZmqContracts.Generators;

/// <summary>Where every generator finds what it generates from: the types that carry one of the library's attributes.</summary>
internal static class AttributedTypes
{
    /// <summary>
    /// The types that carry <paramref name="attributeName"/>, each through <paramref name="transform"/>. Only a type
    /// declaration counts: on anything else the attribute is the compiler's error (CS0592), or it lands there in
    /// half-typed code. Below C# 11, which generated code needs, every one gives <see langword="default"/> (ZMQ0021). So
    /// does every part of a partial type but the first to carry the attribute: repeated on another part, it is the
    /// compiler's error (CS0579), and the type is still generated once.
    /// </summary>
    public static IncrementalValuesProvider<T> For<T>(
        IncrementalGeneratorInitializationContext context, string attributeName, Func<GeneratorAttributeSyntaxContext, CancellationToken, T> transform) =>
        context.SyntaxProvider.ForAttributeWithMetadataName(
            attributeName,
            predicate: static (node, _) => node is TypeDeclarationSyntax,
            transform: (attributeContext, cancellationToken) =>
                LanguageSupport.IsSupported(attributeContext.SemanticModel.Compilation) && CarriesTheFirst(attributeContext)
                    ? transform(attributeContext, cancellationToken)
                    : default!);

    /// <summary>Whether the declaration holds the type's first application of the attribute (of all its parts').</summary>
    private static bool CarriesTheFirst(GeneratorAttributeSyntaxContext attributeContext)
    {
        var attribute = attributeContext.Attributes[0].AttributeClass;
        var first = attributeContext.TargetSymbol.GetAttributes()
            .First(candidate => SymbolEqualityComparer.Default.Equals(candidate.AttributeClass, attribute))
            .ApplicationSyntaxReference;
        return first is not null
            && first.SyntaxTree == attributeContext.TargetNode.SyntaxTree
            && attributeContext.TargetNode.Span.Contains(first.Span);
    }
}
