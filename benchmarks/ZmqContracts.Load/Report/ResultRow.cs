namespace ZmqContracts.Load;

/// <summary>One figure of one scenario, baseline and generated side by side, and its target if it has one.</summary>
internal sealed record ResultRow(string Scenario, string Figure, string Unit, double Baseline, double Generated)
{
    /// <summary>Generated ÷ baseline: above 1 is slower for a time, faster for a rate; <see langword="null"/> when the baseline is 0.</summary>
    public double? Ratio => Baseline == 0 ? null : Generated / Baseline;

    public string? Target { get; init; }

    public bool? Met { get; init; }
}
