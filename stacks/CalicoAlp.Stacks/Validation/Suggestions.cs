namespace CalicoAlp.Stacks.Validation;

/// <summary>"Did you mean" hints for misspelt keys and values.</summary>
public static class Suggestions
{
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        // A hint is only useful when it is plausibly the same word.
        var limit = Math.Max(2, input.Length / 3);
        return bestDistance <= limit ? best : null;
    }

    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is { } match ? $" (did you mean '{match}'?)" : string.Empty;

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
