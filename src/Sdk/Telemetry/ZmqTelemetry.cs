namespace ZmqContracts;

/// <summary>
/// The names under which ZmqContracts reports traces and metrics through <see cref="System.Diagnostics.ActivitySource"/>
/// and <see cref="System.Diagnostics.Metrics.Meter"/>, with no OpenTelemetry dependency of its own: subscribe with
/// <c>AddSource(ZmqTelemetry.ActivitySourceName)</c> and <c>AddMeter(ZmqTelemetry.MeterName)</c>. docs/observability.md lists
/// every span, attribute and instrument.
/// </summary>
public static class ZmqTelemetry
{
    /// <summary>The name of the one <see cref="System.Diagnostics.ActivitySource"/> every endpoint starts its spans on: <c>ZmqContracts</c>.</summary>
    public const string ActivitySourceName = "ZmqContracts";

    /// <summary>The name of the one <see cref="System.Diagnostics.Metrics.Meter"/> every instrument belongs to: <c>ZmqContracts</c>.</summary>
    public const string MeterName = "ZmqContracts";
}
