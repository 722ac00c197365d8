using System;
using System.Collections.Generic;

namespace ZmqContracts.Generators.PubSub;

/// <summary>
/// Reads a topic template such as <c>prices.{Symbol}.{Venue}</c>: texts and <c>{Property}</c> placeholders, the
/// placeholders separated by text. A topic without braces is a plain topic: one text and no placeholder.
/// </summary>
internal static class TopicTemplateSyntax
{
    /// <summary>A placeholder: the property it names and where its braces stand in the topic.</summary>
    public readonly record struct Placeholder(string Name, int Start, int Length);

    /// <summary>
    /// Splits <paramref name="topic"/> into its texts (one more than the placeholders) and placeholders. Returns
    /// <see langword="null"/> when it is well-formed, or why not, with where (index and length in the topic).
    /// </summary>
    public static (string Reason, int Start, int Length)? Parse(string topic, out List<string> texts, out List<Placeholder> placeholders)
    {
        texts = [];
        placeholders = [];
        var textStart = 0;
        for (var i = 0; i < topic.Length; i++)
        {
            if (IsLoneSurrogate(topic, i))
            {
                return ($"U+{(int)topic[i]:X4} at index {i} is half of a UTF-16 surrogate pair without its other half: a topic is UTF-8, which has no form for it and would carry U+FFFD instead", i, 1);
            }

            if (char.IsHighSurrogate(topic[i]))
            {
                i++;
                continue;
            }

            if (topic[i] == '}')
            {
                return ("'}' without a '{' before it", i, 1);
            }

            if (topic[i] != '{')
            {
                continue;
            }

            var end = topic.IndexOfAny(['{', '}'], i + 1);
            if (end < 0 || topic[end] == '{')
            {
                return ("'{' without a '}' after it", i, 1);
            }

            var name = topic.Substring(i + 1, end - i - 1);
            if (name.Trim().Length == 0)
            {
                return ("a placeholder names no property", i, end - i + 1);
            }

            if (i == textStart && placeholders.Count > 0)
            {
                return ("placeholders must be separated by text, or a topic could be read in more than one way", i, end - i + 1);
            }

            if (placeholders.Exists(placeholder => placeholder.Name == name))
            {
                return ($"{{{name}}} stands in the template twice", i, end - i + 1);
            }

            texts.Add(topic.Substring(textStart, i - textStart));
            placeholders.Add(new Placeholder(name, i, end - i + 1));
            textStart = end + 1;
            i = end;
        }

        texts.Add(topic.Substring(textStart));
        return null;
    }

    /// <summary>Whether the character at <paramref name="index"/> is half of a surrogate pair whose other half is missing.</summary>
    private static bool IsLoneSurrogate(string topic, int index) =>
        char.IsLowSurrogate(topic[index])
        || char.IsHighSurrogate(topic[index]) && (index + 1 == topic.Length || !char.IsLowSurrogate(topic[index + 1]));
}
