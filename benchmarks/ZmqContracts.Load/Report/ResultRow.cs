using System.Collections.Generic;

namespace ZmqContracts.Load;

/// <summary>One figure of one scenario, baseline and generated side by side (the medians of the rounds), and its target if it has one.</summary>
internal sealed record ResultRow(string Scenario, string Figure, string Unit, double Baseline, double Generated)
{
    /// <summary>Generated ÷ baseline: above 1 is slower for a time, faster for a rate; <see langword="null"/> when the baseline is 0.</summary>
    public double? Ratio => Baseline == 0 ? null : Generated / Baseline;

    /// <summary>Each round's generated ÷ baseline, in the order run, when the sides were alternated more than once (<c>--rounds</c>).</summary>
    public IReadOnlyList<double> RoundRatios { get; init; } = [];

    public string? Target { get; init; }

    public bool? Met { get; init; }
}
