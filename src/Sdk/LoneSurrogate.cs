using System;
using System.Buffers;

namespace ZmqContracts;

/// <summary>
/// Half of a UTF-16 surrogate pair without its other half, which UTF-8 has no form for: an encoder that is not strict
/// writes U+FFFD in its place, so that the other side reads another text than the one given. Topics, MessagePack strings
/// and JSON strings are UTF-8 and refuse such text when sent; this finds it.
/// </summary>
internal static class LoneSurrogate
{
    /// <summary>
    /// Every surrogate, U+D800 to U+DFFF: searched as <see cref="SearchValues{T}"/> of <see cref="char"/>, not with the
    /// generic <c>IndexOfAnyInRange&lt;T&gt;</c>, whose code before the JIT optimizes it boxes its bounds on every call.
    /// </summary>
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(string.Create(0x800, 0, static (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(0xD800 + i);
        }
    }));

    /// <summary>The index of the first lone surrogate in <paramref name="text"/>, or -1 when it has none.</summary>
    /// <remarks>
    /// A text with no surrogate at all, as nearly every text is, costs one vectorized search, and nothing allocated; each
    /// surrogate found costs a look at its neighbour.
    /// </remarks>
    public static int IndexIn(ReadOnlySpan<char> text)
    {
        var at = text.IndexOfAny(Surrogates);
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(text[at]) || at + 1 == text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                return at;
            }

            var next = text[(at + 2)..].IndexOfAny(Surrogates);
            at = next < 0 ? -1 : at + 2 + next;
        }

        return -1;
    }

    /// <summary>What a message says of the lone surrogate at <paramref name="at"/>: <c>U+D800 at index 3, half of a UTF-16 surrogate pair without its other half</c>.</summary>
    public static string Describe(ReadOnlySpan<char> text, int at) =>
        $"U+{(int)text[at]:X4} at index {at}, half of a UTF-16 surrogate pair without its other half";
}
