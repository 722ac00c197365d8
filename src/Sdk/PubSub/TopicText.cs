using System;

namespace ZmqContracts;

/// <summary>
/// Text that goes into a topic frame, which is UTF-8: a lone UTF-16 surrogate (half of a pair without its other half)
/// has no UTF-8 form, and would be sent as U+FFFD, so that two different values, <c>"\uD800"</c> and <c>"\uFFFD"</c>
/// say, would share one topic and each one's subscriber would get the other's messages.
/// </summary>
internal static class TopicText
{
    /// <summary>Refuses <paramref name="text"/>, which <paramref name="what"/> names for the message, if it holds a lone surrogate.</summary>
    /// <remarks>
    /// A text with no surrogate at all, as nearly every topic is, costs one vectorized search, and nothing allocated:
    /// <paramref name="what"/> is a string the caller has, not one made for the call.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds a lone surrogate.</exception>
    public static void ThrowIfLoneSurrogate(ReadOnlySpan<char> text, string what, string paramName)
    {
        var at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(text[at]) || at + 1 == text.Length || !char.IsLowSurrogate(text[at + 1]))
            {
                throw new ArgumentException(
                    $"{what} holds U+{(int)text[at]:X4} at index {at}, half of a UTF-16 surrogate pair without its other half: a topic is UTF-8, which has no form for it and would carry U+FFFD instead, so that the topic would be other values' too.",
                    paramName);
            }

            var next = text[(at + 2)..].IndexOfAnyInRange('\uD800', '\uDFFF');
            at = next < 0 ? -1 : at + 2 + next;
        }
    }
}
