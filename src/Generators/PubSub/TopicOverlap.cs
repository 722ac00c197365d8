using System.Collections.Generic;

namespace ZmqContracts.Generators.PubSub;

/// <summary>
/// Whether some topic is a topic of two [Topic] types (ZMQ0113, asked when one is a template): as a subscriber matches
/// it, a placeholder takes one character or more, of any kind, and a <c>MatchPrefix</c> type any topic that starts with
/// one of its own.
/// </summary>
internal static class TopicOverlap
{
    /// <summary>A character of a topic; <see cref="Any"/>, a placeholder's first character; <see cref="Rest"/>, any characters, or none.</summary>
    private const int Any = -1;
    private const int Rest = -2;

    public static bool Overlaps(TopicSpec first, TopicSpec second) => Meet(Pattern(first), Pattern(second));

    /// <summary>The topic as a pattern: its characters, each placeholder as <see cref="Any"/> then <see cref="Rest"/>.</summary>
    private static int[] Pattern(TopicSpec spec)
    {
        var pattern = new List<int>();
        if (!spec.IsTemplate)
        {
            Append(pattern, spec.Topic);
        }
        else
        {
            for (var i = 0; i < spec.Texts.Count; i++)
            {
                if (i > 0)
                {
                    pattern.Add(Any);
                    pattern.Add(Rest);
                }

                Append(pattern, spec.Texts[i]);
            }
        }

        if (spec.MatchPrefix)
        {
            pattern.Add(Rest);
        }

        return pattern.ToArray();
    }

    private static void Append(List<int> pattern, string text)
    {
        foreach (var character in text)
        {
            pattern.Add(character);
        }
    }

    /// <summary>Whether one string fits both patterns: a search over the pairs of positions, each looked at once.</summary>
    private static bool Meet(int[] first, int[] second)
    {
        var seen = new bool[first.Length + 1, second.Length + 1];
        var pending = new Stack<(int I, int J)>();
        pending.Push((0, 0));
        while (pending.Count > 0)
        {
            var (i, j) = pending.Pop();
            if (seen[i, j])
            {
                continue;
            }

            seen[i, j] = true;
            if (i == first.Length && j == second.Length)
            {
                return true;
            }

            var (a, b) = (i < first.Length ? first[i] : (int?)null, j < second.Length ? second[j] : (int?)null);
            if (a == Rest)
            {
                pending.Push((i + 1, j));
                if (b is not null)
                {
                    pending.Push((i, j + 1));
                }
            }

            if (b == Rest)
            {
                pending.Push((i, j + 1));
                if (a is not null)
                {
                    pending.Push((i + 1, j));
                }
            }

            if (a is { } x && b is { } y && x != Rest && y != Rest && (x == Any || y == Any || x == y))
            {
                pending.Push((i + 1, j + 1));
            }
        }

        return false;
    }
}
