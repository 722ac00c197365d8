using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.Telemetry;

/// <summary>What the telemetry tests call: an operation that says which span its handler runs in, and one that fails.</summary>
[Reply]
public interface ITraced
{
    /// <summary>
    /// The handler's <see cref="Activity.Current"/>: its kind and span id, or "none". It takes an argument because the
    /// default <see cref="ZmqTraceContextFrame.MultipartMessages"/> puts no trace frame on a one-frame body.
    /// </summary>
    Task<string> Current(string caller);

    Task Throw(string message);

    /// <summary>Throws a <see cref="TimeoutException"/>, as a handler whose own call timed out does.</summary>
    Task TimeOut(string message);

    /// <summary>Waits until the test opens the gate: calls in flight.</summary>
    Task<int> Hold(int value, CancellationToken cancellationToken);

    /// <summary>Safe to repeat, for retries.</summary>
    [Idempotent]
    Task<long> Balance(string account);
}

public sealed class Traced : ITraced
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _entered = new(0);

    public Task<string> Current(string caller) =>
        Task.FromResult(Activity.Current is { } current ? $"{current.Kind} {current.SpanId}" : "none");

    public Task Throw(string message) => throw new InvalidOperationException(message);

    public Task TimeOut(string message) => throw new TimeoutException(message);

    public async Task<int> Hold(int value, CancellationToken cancellationToken)
    {
        _entered.Release();
        await _open.Task.WaitAsync(cancellationToken);
        return value;
    }

    public Task<long> Balance(string account) => Task.FromResult(42L);

    /// <summary>Completes once <paramref name="calls"/> calls have entered <see cref="Hold"/>.</summary>
    public async Task EnteredAsync(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            if (!await _entered.WaitAsync(Within.Timeout))
            {
                throw new TimeoutException($"Only {i} of {calls} calls entered Hold within {Within.Timeout}.");
            }
        }
    }

    public void Open() => _open.TrySetResult();
}

/// <summary>One frame in, one frame out: a contract whose requests carry no operation frame.</summary>
[Reply(Format = ZmqFormat.Raw, OperationFrame = false)]
public interface IOneFrame
{
    Task<byte[]> Echo(byte[] data);
}

public sealed class OneFrame : IOneFrame
{
    public Task<byte[]> Echo(byte[] data) => Task.FromResult(data);
}

/// <summary>The contract tests/TopologyPeer serves, as its clients see it.</summary>
[Reply]
public interface ITopology
{
    [Idempotent]
    Task<string> Where(int call);
}
