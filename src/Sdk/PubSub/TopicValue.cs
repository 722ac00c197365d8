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
    /// <summary>The string itself.</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">The contract's type and the property, such as <c>Price.Symbol</c>, for the message of an exception.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="value"/> is <see langword="null"/> or empty (a placeholder takes at least one character), or holds
    /// a lone UTF-16 surrogate, which the topic's UTF-8 cannot carry.
    /// </exception>
    public static string Format(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{name} is part of the topic, so it cannot be null or empty.", name);
        }

        TopicText.ThrowIfLoneSurrogate(value, name, name);
        return value;
    }

    /// <summary>The character itself.</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">The contract's type and the property, such as <c>Price.Initial</c>, for the message of an exception.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is a UTF-16 surrogate, half of a character, which the topic's UTF-8 cannot carry.</exception>
    public static string Format(char value, string name)
    {
        TopicText.ThrowIfLoneSurrogate([value], name, name);
        return value.ToString();
    }

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
