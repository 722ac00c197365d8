using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>
/// The implementation under test. <see cref="Wait"/> blocks on a gate the test opens, and signals when a call has
/// entered it, so that tests synchronize on what the server is doing rather than on time.
/// </summary>
public sealed class Shapes : IShapes
{
    private readonly CallGate _gate = new();

    public ConcurrentDictionary<int, string> Stored { get; } = new();

    public int PingCount;

    /// <summary>The types of the methods on the stack of the last <see cref="Ping"/>, innermost first.</summary>
    public string?[] PingCallers = [];

    public int WaitCancellations;

    public Task Ping()
    {
        Interlocked.Increment(ref PingCount);
        PingCallers = new StackTrace().GetFrames().Select(frame => frame.GetMethod()?.DeclaringType?.FullName).ToArray();
        return Task.CompletedTask;
    }

    public async Task<string> Echo(string text)
    {
        await Task.Yield();
        return text;
    }

    public ValueTask Store(int key, string value, CancellationToken cancellationToken)
    {
        Stored[key] = value;
        return ValueTask.CompletedTask;
    }

    public ValueTask<int> Sum(int a, int b, int c) => ValueTask.FromResult(a + b + c);

    public Task<Sum> Add(Operands operands, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Sum(operands.A + operands.B));

    public Task<byte[]> Reverse(byte[] data) => Task.FromResult(data.Reverse().ToArray());

    public Task<string?> Maybe(string? text) => Task.FromResult(text is null ? null : text + "!");

    public Task<IReadOnlyList<Sum>> Totals(Dictionary<string, int[]> groups) =>
        Task.FromResult<IReadOnlyList<Sum>>(groups.OrderBy(group => group.Key).Select(group => new Sum(group.Value.Sum())).ToList());

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public async Task<int> Wait(int value, CancellationToken cancellationToken)
    {
        try
        {
            await _gate.Pass(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref WaitCancellations);
            throw;
        }

        return value;
    }

    /// <summary>Completes when <paramref name="calls"/> more calls have entered <see cref="Wait"/>.</summary>
    public Task Entered(int calls = 1) => _gate.Entered(calls);

    /// <summary>Lets every waiting and future <see cref="Wait"/> call return.</summary>
    public void Open() => _gate.Open();
}
