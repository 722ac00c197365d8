using Xunit;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>
/// Runs alone: a listener on <see cref="ZmqTelemetry.ActivitySourceName"/> records every endpoint in the process, and
/// makes them send trace frames, so tests running beside it would change what it counts and what goes on their wire.
/// </summary>
[CollectionDefinition(nameof(Tracing), DisableParallelization = true)]
public sealed class Tracing;
