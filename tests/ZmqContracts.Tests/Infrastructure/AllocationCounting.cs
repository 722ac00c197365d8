using Xunit;

namespace ZmqContracts.Tests;

/// <summary>Runs its tests alone: they count what the whole process allocates, which tests running beside them would add to.</summary>
[CollectionDefinition(nameof(AllocationCounting), DisableParallelization = true)]
public sealed class AllocationCounting;
