using System;
using System.ComponentModel;
using System.Globalization;

namespace ZmqContracts.Runtime;

/// <summary>
/// Writes a property value into a topic, the same way on every machine: strings as they are, numbers in the invariant
/// culture, booleans as <c>true</c>/<c>false</c>, enums by member name, GUIDs as 32 hex digits with hyphens. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TopicValue
{
    /// <exception cref="ArgumentException"><paramref name="value"/> is <see langword="null"/> or empty: a placeholder takes at least one character.</exception>
    public static string Format(string? value, string name) => string.IsNullOrEmpty(value)
        ? throw new ArgumentException($"{name} is part of the topic, so it cannot be null or empty.", name)
        : value;

    /// <summary>The character itself.</summary>
    public static string Format(char value) => value.ToString();

    /// <summary><c>true</c> or <c>false</c>.</summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>Decimal digits, with a leading <c>-</c> when negative.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Decimal digits.</summary>
    public static string Format(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>D</c> format: <c>0f8fad5b-d9cb-469f-a165-70867728950e</c>.</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>The member's name, such as <c>Buy</c>.</summary>
    public static string Format<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString();
}
