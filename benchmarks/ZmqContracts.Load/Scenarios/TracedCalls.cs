using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Tasks;

namespace ZmqContracts.Load;

/// <summary>
/// What tracing costs a call: <see cref="OneCallAtATime"/>'s generated run with an <see cref="ActivityListener"/> that
/// records every ZmqContracts span (<see cref="ActivitySamplingResult.AllDataAndRecorded"/>, so each call also carries a
/// trace frame) and a <see cref="MeterListener"/> that enables every ZmqContracts instrument. Baseline: the same run with
/// no listener. Neither exports anything: the row measures the library's work, not an exporter's.
/// </summary>
internal sealed class TracedCalls : ILoadScenario
{
    private readonly OneCallAtATime _calls = new();

    public string Name => $"{OneCallAtATime.ScenarioName}, tracing on";

    /// <summary>None: the row is a measurement, documented in docs/observability.md ("Overhead").</summary>
    public IReadOnlyList<ITarget> Targets { get; } = [];

    public Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings) => _calls.RunGeneratedAsync(settings);

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ZmqTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(tracing);
        using var metrics = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ZmqTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        metrics.Start();
        return await _calls.RunGeneratedAsync(settings);
    }
}
