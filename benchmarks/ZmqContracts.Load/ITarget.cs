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
/// The generated figure at least <see cref="Factor"/> times the generated figure of another row, which
/// <see cref="OtherLabel"/> names in the table (for example, 64 callers against the 1-caller rate).
/// </summary>
internal sealed record MultipleOfRow(string Figure, double Factor, string OtherScenario, string OtherFigure, string OtherLabel) : ITarget
{
    public (string Description, bool Met) Judge(ResultRow row, IReadOnlyList<ResultRow> table)
    {
        var other = table.FirstOrDefault(r => r.Scenario == OtherScenario && r.Figure == OtherFigure);
        return other is null
            ? ($"≥ {Factor:0.##}× {OtherLabel} (not measured)", false)
            : ($"≥ {Factor:0.##}× {OtherLabel} = {Factor * other.Generated:N0}", row.Generated >= Factor * other.Generated);
    }
}
