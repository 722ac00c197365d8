using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ZmqContracts.Generators;

/// <summary>
/// How a generated method declares an operation's parameter again, beyond its type and name: the attributes it repeats
/// and its default value, as C# text that compiles whatever the contract wrote.
/// </summary>
internal static class ParameterDeclaration
{
    /// <summary>
    /// The nullable-analysis attributes a parameter's value is checked by: a method that implements the operation must
    /// accept what the contract's accepts, so the generated one repeats them (CS8767 otherwise).
    /// </summary>
    private static readonly string[] NullableAttributes = ["AllowNullAttribute", "DisallowNullAttribute", "MaybeNullAttribute", "NotNullAttribute"];

    /// <summary>
    /// The attributes the generated parameter repeats, each as <c>[…] </c>, or an empty string: the contract's
    /// nullable-analysis attributes, and the ones that declare a default value C# has no literal for (a
    /// <see cref="DateTime"/>, a number or string in an <see cref="object"/> parameter).
    /// </summary>
    public static string AttributesOf(IParameterSymbol parameter)
    {
        var attributes = NullableAttributes
            .Where(name => parameter.GetAttributes().Any(attribute => attribute.AttributeClass.IsType("System.Diagnostics.CodeAnalysis", name)))
            .Select(name => $"global::System.Diagnostics.CodeAnalysis.{name.Substring(0, name.Length - "Attribute".Length)}")
            .Concat(DefaultValueAttributes(parameter));
        return string.Concat(attributes.Select(attribute => $"[{attribute}] "));
    }

    /// <summary>
    /// The type a server or worker reads the parameter's argument as: its own, or, when <c>[DisallowNull]</c> forbids the
    /// null that its <c>?</c> allows, that type without it (the value read would otherwise be passed where the nullable
    /// analysis refuses a maybe-null one, CS8604).
    /// </summary>
    public static ITypeSymbol ReadAsOf(IParameterSymbol parameter)
    {
        if (!parameter.GetAttributes().Any(attribute => attribute.AttributeClass.IsType("System.Diagnostics.CodeAnalysis", "DisallowNullAttribute")))
        {
            return parameter.Type;
        }

        return ValueTypeOf(parameter.Type) ?? parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
    }

    /// <summary>
    /// Whether the parameter's argument is refused when it reads as null: its type, as read (<see cref="ReadAsOf"/>), is
    /// one that <see cref="RefusesNull(ITypeSymbol)"/> refuses null for, and no <c>[AllowNull]</c> lets callers pass null.
    /// </summary>
    public static bool RefusesNull(IParameterSymbol parameter) => RefusesNull(ReadAsOf(parameter)) && !AllowsNull(parameter);

    /// <summary>Whether <paramref name="symbol"/> (a parameter, property or field) is marked <c>[AllowNull]</c>: it takes null whatever its type says.</summary>
    public static bool AllowsNull(ISymbol symbol) =>
        symbol.GetAttributes().Any(attribute => attribute.AttributeClass.IsType("System.Diagnostics.CodeAnalysis", "AllowNullAttribute"));

    /// <summary>
    /// Whether a value of <paramref name="type"/> read as null is refused: a reference type the contract declares not
    /// nullable, in a nullable-enabled context. A type written where nullable annotations are disabled (oblivious), a
    /// value type, and a type parameter that may be a value type take null as they read it.
    /// </summary>
    public static bool RefusesNull(ITypeSymbol type) =>
        type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.NotAnnotated;

    /// <summary>For a <see cref="Nullable{T}"/>, the value type it holds; otherwise <see langword="null"/>.</summary>
    private static ITypeSymbol? ValueTypeOf(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : null;

    /// <summary>The C# text of a parameter's default value, or <see langword="null"/> when it has none that a literal writes.</summary>
    public static string? DefaultValueOf(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue || HasNoLiteral(parameter))
        {
            return null;
        }

        var type = ValueTypeOf(parameter.Type) ?? parameter.Type;
        return parameter.ExplicitDefaultValue switch
        {
            // `string text = null!` declares a default the nullable analysis would warn about without its `!`.
            null => parameter.Type.IsReferenceType && parameter.NullableAnnotation != NullableAnnotation.Annotated ? "default!" : "default",
            var value when type.TypeKind == TypeKind.Enum => $"({type.ToFullyQualified()})({Convert.ToString(value, CultureInfo.InvariantCulture)})",
            var value => Literal(value),
        };
    }

    /// <summary>
    /// Whether the default value is one C# writes with attributes only: a <see cref="DateTime"/>
    /// (<c>[Optional, DateTimeConstant(…)]</c>), or anything but null in a reference type other than string
    /// (<c>[Optional, DefaultParameterValue(5)] object</c>, where <c>object value = 5</c> is CS1763).
    /// </summary>
    private static bool HasNoLiteral(IParameterSymbol parameter) =>
        parameter.ExplicitDefaultValue is DateTime
        || (parameter.ExplicitDefaultValue is not null && parameter.Type.IsReferenceType && parameter.Type.SpecialType != SpecialType.System_String);

    private static IEnumerable<string> DefaultValueAttributes(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue || !HasNoLiteral(parameter))
        {
            yield break;
        }

        yield return "global::System.Runtime.InteropServices.Optional";
        yield return parameter.ExplicitDefaultValue is DateTime date
            ? $"global::System.Runtime.CompilerServices.DateTimeConstant({date.Ticks})"
            : $"global::System.Runtime.InteropServices.DefaultParameterValue({TypedLiteral(parameter.ExplicitDefaultValue!)})";
    }

    /// <summary>A literal of the value's own type, which an <see cref="object"/> argument keeps: other integers than int are cast.</summary>
    private static string TypedLiteral(object value) => value is int or bool or string or char or float or double
        ? Literal(value)
        : $"(global::System.{value.GetType().Name})({Literal(value)})";

    private static string Literal(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        string text => SymbolDisplay.FormatLiteral(text, quote: true),
        char character => SymbolDisplay.FormatLiteral(character, quote: true),
        float single => FloatingText(single, "global::System.Single", single.ToString("R", CultureInfo.InvariantCulture) + "F"),
        double @double => FloatingText(@double, "global::System.Double", @double.ToString("R", CultureInfo.InvariantCulture) + "D"),
        decimal @decimal => @decimal.ToString(CultureInfo.InvariantCulture) + "M",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A floating-point default: its literal, or the constant that names it when no literal can (NaN, the infinities).</summary>
    private static string FloatingText(double value, string type, string literal) =>
        double.IsNaN(value) ? $"{type}.NaN"
        : double.IsPositiveInfinity(value) ? $"{type}.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? $"{type}.NegativeInfinity"
        : literal;
}
