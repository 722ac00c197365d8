using Xunit;

namespace ZmqContracts.Tests;

/// <summary>Runs its tests alone: they count the process's timers, which tests running beside them would change.</summary>
[CollectionDefinition(nameof(TimerCounting), DisableParallelization = true)]
public sealed class TimerCounting;
