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
        var at = LoneSurrogate.IndexIn(text);
        if (at >= 0)
        {
            throw new ArgumentException(
                $"{what} holds {LoneSurrogate.Describe(text, at)}: a topic is UTF-8, which has no form for it and would carry U+FFFD instead, so that the topic would be other values' too.",
                paramName);
        }
    }
}
