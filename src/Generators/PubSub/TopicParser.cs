using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators.PubSub;

/// <summary>
/// Turns a type marked [Topic] into a <see cref="TopicSpec"/>, reporting what is wrong with it. Returns
/// <see langword="null"/> when anything is an error: the generator emits nothing for such a type, and the analyzer,
/// which runs the same parser, tells the user why.
/// </summary>
internal static partial class TopicParser
{
    public const string AttributeName = "ZmqContracts.TopicAttribute";

    /// <summary>The method the generator writes for a template.</summary>
    public const string TopicForName = "TopicFor";

    private const string ReservedPrefix = "zmqc.";

    /// <summary>What of a [Topic] type the generator writes, as ZMQ0020 names it.</summary>
    private const string GeneratedMembers = "ITopicMessage members and TopicFor";

    public static TopicSpec? Parse(INamedTypeSymbol type, AttributeData attribute, Action<Diagnostic>? report, CancellationToken cancellationToken)
    {
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            // The compiler's error comes first: [Topic] on an interface, an enum or a delegate is CS0592.
            return null;
        }

        var reporter = new DiagnosticReporter(report);
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var attributeLocation = attributeSyntax?.GetLocation() ?? Location.None;
        var topicExpression = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault()?.Expression;
        var topicLocation = topicExpression?.GetLocation() ?? attributeLocation;
        var typeLocation = SyntaxLocations.NameOf(type, attributeLocation);

        if (ContainingChain(type).FirstOrDefault(current => !IsPartial(current, cancellationToken)) is { } notPartial)
        {
            reporter.Report(DiagnosticDescriptors.TopicTypeNotPartial, SyntaxLocations.NameOf(notPartial, typeLocation), type.Name, notPartial.Name);
        }

        if (ContainingChain(type).FirstOrDefault(current => current.IsFileLocal) is { } fileLocal)
        {
            reporter.Report(DiagnosticDescriptors.FileLocalTopicType, SyntaxLocations.NameOf(fileLocal, typeLocation), type.Name, fileLocal.Name);
        }

        if (SymbolFacts.FirstGeneric(type) is { } generic)
        {
            reporter.Report(DiagnosticDescriptors.GenericTopicType, typeLocation, generic.Name);
        }

        var format = ContractFormat.Of(attribute);
        RawPayloadSpec? rawPayload = null;
        if (format is null)
        {
            reporter.Report(DiagnosticDescriptors.UnknownFormat, attributeLocation, type.Name, attribute.NamedArguments.First(named => named.Key == "Format").Value.Value);
        }
        else if (format == ContractFormat.Raw)
        {
            rawPayload = ParseRawPayload(type, reporter, typeLocation, cancellationToken);
        }
        else if (WireTypeWalker.FindProblem(type, type.ContainingAssembly, format) is { } problem)
        {
            reporter.Report(DiagnosticDescriptors.UnserializableType, typeLocation, $"The message {type.Name}", problem.Where, problem.Reason);
        }

        if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.FirstOrDefault().Kind == TypedConstantKind.Error)
        {
            // The compiler's error comes first: a topic missing, not a string (CS7036, CS1503) or not a constant (CS0182) is not an empty one.
            return null;
        }

        var topic = attribute.ConstructorArguments.FirstOrDefault().Value as string;
        if (string.IsNullOrWhiteSpace(topic))
        {
            reporter.Report(DiagnosticDescriptors.EmptyTopic, topicLocation, type.Name);
            return null;
        }

        if (topic!.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            reporter.Report(DiagnosticDescriptors.ReservedTopic, topicLocation, topic, type.Name);
        }

        if (TopicTemplateSyntax.Parse(topic, out var texts, out var placeholders) is { } malformed)
        {
            reporter.Report(DiagnosticDescriptors.MalformedTemplate, WithinTopic(topicExpression, malformed.Start, malformed.Length, topicLocation), type.Name, malformed.Reason);
            return null;
        }

        var placeholderSpecs = new List<PlaceholderSpec>();
        var broken = false;
        foreach (var placeholder in placeholders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = WithinTopic(topicExpression, placeholder.Start, placeholder.Length, topicLocation);
            var property = FindProperty(type, placeholder.Name);
            if (property is null)
            {
                reporter.Report(DiagnosticDescriptors.UnknownPlaceholder, location, placeholder.Name, type.Name);
            }
            else if (SymbolFacts.HasErrorType(property.Type))
            {
                // The compiler's errors come first: nothing is generated, nor said, for a placeholder being typed.
                broken = true;
            }
            else if (!CanBeWrittenIntoTopic(property.Type))
            {
                reporter.Report(DiagnosticDescriptors.PlaceholderTypeNotWritable, location, placeholder.Name, type.Name, property.Type.ToDisplayString());
            }
            else if (ObsoleteErrorsApplyInside(type) && (SymbolFacts.IsObsoleteAsError(property) ? property : (ISymbol?)SymbolFacts.FirstObsoleteAsError(property.Type)) is { } obsolete)
            {
                reporter.Report(DiagnosticDescriptors.ObsoleteAsError, location, $"{obsolete.Name}, in placeholder {{{placeholder.Name}}} of {type.Name},", GeneratedMembers);
            }
            else
            {
                placeholderSpecs.Add(new PlaceholderSpec(
                    property.Name,
                    SymbolFacts.EscapeIdentifier(GeneratedFile.UniqueName(CamelCase(property.Name), placeholderSpecs.Select(earlier => earlier.Parameter.TrimStart('@')))),
                    property.Type.ToFullyQualified(),
                    SymbolFacts.CrefOf(property),
                    $"{type.Name}.{property.Name}"));
            }
        }

        // The generator's own TopicFor is there too when a build analyzes the compilation with the generated files.
        if (placeholders.Count > 0 && type.GetMembers(TopicForName).FirstOrDefault(member => !GeneratedFile.IsGenerated(member)) is { } taken)
        {
            reporter.Report(DiagnosticDescriptors.TopicForTaken, SyntaxLocations.NameOf(taken, typeLocation), type.Name);
        }

        // A raw type without its payload has an error, or a payload being typed.
        return reporter.HasErrors || broken || (format == ContractFormat.Raw && rawPayload is null)
            ? null
            : new TopicSpec(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                HintNames.Of(type),
                ContainingChain(type).Skip(1).Reverse().Select(Declaration).ToEquatableArray(),
                Declaration(type),
                type.ToFullyQualified(),
                topic,
                attribute.NamedArguments.FirstOrDefault(argument => argument.Key == "MatchPrefix").Value.Value is true,
                ContractFormat.SerializerExpression(format!, attribute),
                (placeholders.Count > 0 ? texts : []).ToEquatableArray(),
                placeholderSpecs.ToEquatableArray(),
                placeholders.Count > 0 && HidesInheritedTopicFor(type, placeholderSpecs, cancellationToken),
                GeneratedFile.UniqueName("s_topicTemplate", TakenNames(type)),
                rawPayload);
    }

    /// <summary>
    /// The one property a raw message carries verbatim, and the constructor that makes a message of it; reported and
    /// <see langword="null"/> when the type has not exactly one such property (ZMQ0111), of a type the raw format carries (ZMQ0013);
    /// <see langword="null"/> unreported when the compiler cannot bind the property's type, which it reports.
    /// </summary>
    private static RawPayloadSpec? ParseRawPayload(INamedTypeSymbol type, DiagnosticReporter reporter, Location typeLocation, CancellationToken cancellationToken)
    {
        if ((type.IsStatic ? "it is static"
            : type.IsAbstract ? "it is abstract, so a message received cannot be made"
            : type.IsRefLikeType ? "it is a ref struct, which cannot wait in a queue"
            : null) is { } unfit)
        {
            reporter.Report(DiagnosticDescriptors.RawTopicShape, typeLocation, type.Name, unfit);
            return null;
        }

        var properties = InstanceProperties(type).ToList();
        if (properties.Count != 1)
        {
            reporter.Report(DiagnosticDescriptors.RawTopicShape, typeLocation, type.Name, $"it has {properties.Count} properties");
            return null;
        }

        var property = properties[0];
        if (!IsReadable(property, type))
        {
            reporter.Report(DiagnosticDescriptors.RawTopicShape, typeLocation, type.Name, $"the generated code cannot read its property {property.Name}: give it a getter that is not private to a base type");
            return null;
        }

        if (SymbolFacts.HasErrorType(property.Type))
        {
            // The compiler's error comes first: the type is still being typed.
            return null;
        }

        var propertyLocation = SyntaxLocations.LocationOf(property, _ => null, typeLocation, cancellationToken);
        if (!ContractFormat.IsRawCompatible(property.Type))
        {
            reporter.Report(DiagnosticDescriptors.NotRawCompatible, propertyLocation, $"Property '{property.Name}'", type.Name, property.Type.ToDisplayString());
            return null;
        }

        var takesTheProperty = type.InstanceConstructors
            .Where(constructor =>
                constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal
                && constructor.Parameters.Length == 1
                && constructor.Parameters[0].RefKind is RefKind.None or RefKind.In
                && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type.WithNullableAnnotation(NullableAnnotation.None), property.Type.WithNullableAnnotation(NullableAnnotation.None)))
            .Select(constructor => constructor.Parameters[0])
            .ToList();
        if (takesTheProperty.Count == 0)
        {
            reporter.Report(DiagnosticDescriptors.RawTopicShape, typeLocation, type.Name, $"it has no constructor that takes its property {property.Name} alone");
            return null;
        }

        // The generated code makes a message received of the property's value, which may be null if the property's type says so.
        if (property.NullableAnnotation == NullableAnnotation.Annotated && takesTheProperty.All(parameter => parameter.NullableAnnotation == NullableAnnotation.NotAnnotated))
        {
            reporter.Report(DiagnosticDescriptors.RawTopicShape, typeLocation, type.Name, $"its property {property.Name} may be null and its constructor takes a {takesTheProperty[0].Type.ToDisplayString()} that may not: let the constructor take a {property.Type.ToDisplayString()}");
            return null;
        }

        if (ObsoleteErrorsApplyInside(type) && SymbolFacts.IsObsoleteAsError(property))
        {
            reporter.Report(DiagnosticDescriptors.ObsoleteAsError, SyntaxLocations.NameOf(property, typeLocation), $"{property.Name}, the raw payload of {type.Name},", GeneratedMembers);
            return null;
        }

        if (ObsoleteErrorsApplyInside(type) && takesTheProperty.All(parameter => SymbolFacts.IsObsoleteAsError(parameter.ContainingSymbol)))
        {
            reporter.Report(DiagnosticDescriptors.ObsoleteAsError, typeLocation, $"The constructor of {type.Name} that takes {property.Name}", GeneratedMembers);
            return null;
        }

        return new RawPayloadSpec(SymbolFacts.EscapeIdentifier(property.Name), property.Type.ToFullyQualified(), GeneratedFile.UniqueName("s_rawSerializer", TakenNames(type)));
    }

    /// <summary>
    /// Whether code inside <paramref name="type"/>, its generated part included, may not use what is [Obsolete] as an
    /// error (CS0619): it may when the type or a type containing it is obsolete as an error itself.
    /// </summary>
    private static bool ObsoleteErrorsApplyInside(INamedTypeSymbol type) => SymbolFacts.FirstObsoleteAsError(type) is null;

    /// <summary>The properties a message's value is made of: declared (not compiler-made) instance properties, its base types' included.</summary>
    private static IEnumerable<IPropertySymbol> InstanceProperties(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
        {
            foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (!property.IsStatic && !property.IsIndexer && !property.IsImplicitlyDeclared)
                {
                    yield return property;
                }
            }
        }
    }

    /// <summary>The type, then each type that contains it, outwards.</summary>
    private static IEnumerable<INamedTypeSymbol> ContainingChain(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            yield return current;
        }
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Any(reference =>
            reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static string Declaration(INamedTypeSymbol type)
    {
        var keyword = type switch
        {
            { IsRecord: true, IsValueType: true } => "record struct",
            { IsRecord: true } => "record",
            { TypeKind: TypeKind.Struct } => "struct",
            { TypeKind: TypeKind.Interface } => "interface",
            _ => "class",
        };
        return $"{keyword} {SymbolFacts.EscapeIdentifier(type.Name)}";
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault(property => !property.IsStatic && !property.IsIndexer && IsReadable(property, type)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the generated code, a part of <paramref name="type"/>, can read <paramref name="property"/>: it has a getter,
    /// and one a base type declares is not private to it.
    /// </summary>
    private static bool IsReadable(IPropertySymbol property, INamedTypeSymbol type) =>
        property.GetMethod is { } getter
        && (SymbolEqualityComparer.Default.Equals(property.ContainingType, type) || getter.DeclaredAccessibility != Accessibility.Private);

    private static bool CanBeWrittenIntoTopic(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum
        || type.IsType("System", "Guid")
        || type.SpecialType is SpecialType.System_String or SpecialType.System_Char or SpecialType.System_Boolean
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>
    /// Where characters <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of the topic
    /// stand in source: exactly, in a plain string literal; otherwise the whole topic argument.
    /// </summary>
    private static Location WithinTopic(ExpressionSyntax? expression, int start, int length, Location fallback) =>
        expression is LiteralExpressionSyntax { Token: var token } literal && token.Text == "\"" + token.ValueText + "\""
            ? Location.Create(literal.SyntaxTree, new TextSpan(token.SpanStart + 1 + start, length))
            : fallback;
}
