using System;
using System.ComponentModel;
using System.Linq;
using System.Text;

namespace ZmqContracts.Runtime;

/// <summary>
/// Recognizes the topics of a template such as <c>prices.{Symbol}</c>: its texts in order, with at least one byte for
/// each placeholder between them. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TopicTemplate
{
    private readonly byte[][] _texts;
    private readonly bool _matchPrefix;

    /// <param name="matchPrefix">Whether a topic that merely starts with one of the template's topics matches.</param>
    /// <param name="texts">The texts around the placeholders: one more than there are placeholders, the first and last possibly empty.</param>
    public TopicTemplate(bool matchPrefix, params string[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Length < 2)
        {
            throw new ArgumentException("A template has at least one placeholder, so at least two texts.", nameof(texts));
        }

        _matchPrefix = matchPrefix;
        _texts = texts.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    /// <summary>Whether <paramref name="topic"/> is one of the template's topics (or starts with one, when matching by prefix).</summary>
    public bool IsMatch(ReadOnlySpan<byte> topic) =>
        topic.StartsWith(_texts[0]) && PlaceholderThenRest(topic[_texts[0].Length..], 1);

    /// <summary>Whether <paramref name="rest"/> is a placeholder value of at least one byte, then text <paramref name="next"/> and what follows it.</summary>
    private bool PlaceholderThenRest(ReadOnlySpan<byte> rest, int next)
    {
        var text = _texts[next];
        var isLast = next == _texts.Length - 1;
        if (isLast && (text.Length == 0 || !_matchPrefix))
        {
            return rest.Length > text.Length && rest.EndsWith(text);
        }

        for (var start = 1; start + text.Length <= rest.Length; start++)
        {
            var found = rest[start..].IndexOf(text);
            if (found < 0)
            {
                return false;
            }

            start += found;
            if (isLast || PlaceholderThenRest(rest[(start + text.Length)..], next + 1))
            {
                return true;
            }
        }

        return false;
    }
}
