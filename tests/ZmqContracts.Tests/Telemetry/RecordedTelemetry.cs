using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>
/// What ZmqContracts reports while it lives: its spans, through the OpenTelemetry SDK and its in-memory exporter, as an
/// operator's process would export them, and its measurements, through a <see cref="MeterListener"/>. Use it in the
/// <see cref="Tracing"/> collection, and pick out the spans and measurements of the test's own endpoints.
/// </summary>
internal sealed class RecordedTelemetry : IDisposable
{
    private readonly ExportedSpans _exported = new();
    private readonly SemaphoreSlim _ended = new(0);
    private readonly TracerProvider _tracing;
    private readonly MeterListener _metrics = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly SemaphoreSlim _measured = new(0);

    public RecordedTelemetry()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(ZmqTelemetry.ActivitySourceName)
            .AddInMemoryExporter(_exported)
            .AddProcessor(new Signal(_ended))
            .Build()!;
        _metrics.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ZmqTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _metrics.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _metrics.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _metrics.Start();
    }

    /// <summary>The spans ended so far, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => _exported.Snapshot();

    /// <summary>The measurements recorded so far.</summary>
    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    /// <summary>Waits until the spans ended so far satisfy <paramref name="ready"/>, then returns them; fails after <see cref="Within.Timeout"/>.</summary>
    public Task<IReadOnlyList<Activity>> WaitForSpansAsync(Func<IReadOnlyList<Activity>, bool> ready) =>
        WaitAsync(_ended, () => Spans, ready, spans => $"The spans ended within {Within.Timeout} were not the ones awaited: {string.Join(", ", spans.Select(span => $"{span.Kind} {span.DisplayName}"))}");

    /// <summary>Waits until the measurements recorded so far satisfy <paramref name="ready"/>, then returns them; fails after <see cref="Within.Timeout"/>.</summary>
    public Task<IReadOnlyList<Measurement>> WaitForMeasurementsAsync(Func<IReadOnlyList<Measurement>, bool> ready) =>
        WaitAsync(_measured, () => Measurements, ready, measurements => $"The measurements recorded within {Within.Timeout} were not the ones awaited: {string.Join(", ", measurements.Select(m => m.Instrument).Distinct())}");

    private static async Task<IReadOnlyList<T>> WaitAsync<T>(SemaphoreSlim signal, Func<IReadOnlyList<T>> snapshot, Func<IReadOnlyList<T>, bool> ready, Func<IReadOnlyList<T>, string> failure)
    {
        using var timeout = new CancellationTokenSource(Within.Timeout);
        while (true)
        {
            var items = snapshot();
            if (ready(items))
            {
                return items;
            }

            try
            {
                await signal.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(failure(items));
            }
        }
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _tracing.Dispose();
        _ended.Dispose();
        _measured.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value)));
        _measured.Release();
    }

    /// <summary>One value an instrument recorded, with its tags.</summary>
    public sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>What the in-memory exporter adds to, read by the tests while other threads end spans.</summary>
    private sealed class ExportedSpans : Collection<Activity>
    {
        private readonly Lock _lock = new();

        public Activity[] Snapshot()
        {
            lock (_lock)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_lock)
            {
                base.InsertItem(index, item);
            }
        }
    }

    /// <summary>Runs after the exporter's processor (processors run in the order added), so a span is in the list when its wait wakes.</summary>
    private sealed class Signal(SemaphoreSlim ended) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => ended.Release();
    }
}
