using System.Collections.Generic;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>
/// One pattern measured twice, one run after the other in the same process: hand-written NetMQ code (the baseline)
/// and the generated stubs doing the same work. Both runs report the same figures by name, and each pair becomes a
/// row of the table. Another pattern (publish/subscribe in msg/s, a pipeline with two workers in items/s) is one
/// more class implementing this, listed in Program.cs.
/// </summary>
internal interface ILoadScenario
{
    /// <summary>The scenario's name in the table, such as <c>request/reply, 1 caller</c>.</summary>
    string Name { get; }

    /// <summary>The goals the generated run's figures are judged against; none for a reference row.</summary>
    IReadOnlyList<ITarget> Targets { get; }

    /// <summary>Starts the hand-written peers, warms up, measures, and stops them.</summary>
    Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings);

    /// <summary>Starts the generated peers, warms up, measures, and stops them.</summary>
    Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings);
}

/// <summary>One measured value of a run, such as the p50 round trip in µs; <paramref name="Unit"/> is empty for a plain count.</summary>
internal sealed record Figure(string Name, string Unit, double Value);
