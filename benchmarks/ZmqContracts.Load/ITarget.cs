using System.Collections.Generic;
using System.Linq;

namespace ZmqContracts.Load;

/// <summary>A goal for one figure of a scenario's generated run, judged once every scenario has run.</summary>
internal interface ITarget
{
    /// <summary>The name of the figure it judges.</summary>
    string Figure { get; }

    /// <summary>What the goal is, in the words of the table, and whether <paramref name="row"/> meets it.</summary>
    (string Description, bool Met) Judge(ResultRow row, IReadOnlyList<ResultRow> table);
}

/// <summary>The generated figure as a multiple of the baseline's: at most that (a latency) or at least that (a rate).</summary>
internal sealed record RatioToBaseline(string Figure, double Factor, bool AtMost) : ITarget
{
    public static RatioToBaseline NoMoreThan(string figure, double factor) => new(figure, factor, AtMost: true);

    public static RatioToBaseline NoLessThan(string figure, double factor) => new(figure, factor, AtMost: false);

    public (string Description, bool Met) Judge(ResultRow row, IReadOnlyList<ResultRow> table) =>
        ($"{(AtMost ? "≤" : "≥")} {Factor:0.##}× baseline", AtMost ? row.Ratio <= Factor : row.Ratio >= Factor);
}

/// <summary>
/// The generated figure at most the generated figure of the same name in another scenario, which
/// <see cref="OtherLabel"/> names in the table (for example, the 1-caller p50 against gRPC's, measured in the same run).
/// </summary>
internal sealed record NoMoreThanRow(string Figure, string OtherScenario, string OtherLabel) : ITarget
{
    public (string Description, bool Met) Judge(ResultRow row, IReadOnlyList<ResultRow> table)
    {
        var other = table.FirstOrDefault(r => r.Scenario == OtherScenario && r.Figure == Figure);
        return other is null
            ? ($"≤ {OtherLabel} (not measured)", false)
            : ($"≤ {OtherLabel} = {other.Generated:N1}", row.Generated <= other.Generated);
    }
}
