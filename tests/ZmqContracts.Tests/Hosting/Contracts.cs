using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using ZmqContracts.Hosting;

namespace ZmqContracts.Tests.Hosting;

[Reply]
public interface IAdder
{
    Task<int> Add(int a, int b);

    /// <summary>Tells which <see cref="CallScope"/> served the call, and waits for the test's gate when asked.</summary>
    Task<CallReport> Report(bool waitForGate, CancellationToken cancellationToken);
}

[Reply(Format = ZmqFormat.Json)]
public interface IWelcomer
{
    Task<string> Welcome(string name);
}

/// <summary>Has an operation named like one of <see cref="IAdder"/>'s: the two cannot share an endpoint.</summary>
[Reply]
public interface IOtherAdder
{
    Task<int> Add(int a, int b);
}

/// <summary>Its implementation, <see cref="Stubborn"/>, waits for the test's gate without its token, as a call without a token does.</summary>
[Reply]
public interface IStubborn
{
    Task<int> Hang();
}

/// <summary>Its implementation, <see cref="HostStopper"/>, stops its own host, then waits for the test's gate.</summary>
[Reply]
public interface IHostStopper
{
    /// <summary>Awaits <see cref="IHost.StopAsync"/>.</summary>
    Task<int> StopHost();

    /// <summary>Calls <see cref="IHostApplicationLifetime.StopApplication"/>.</summary>
    Task<int> StopApplication();

    /// <summary>Answers at once.</summary>
    Task<int> Probe();
}

[Pipeline]
public interface ISquarer
{
    Task<long> Square(int value);
}

/// <summary>Its implementation, <see cref="StubbornSquarer"/>, waits for the test's gate without its token.</summary>
[Pipeline]
public interface IStubbornSquarer
{
    Task<long> Square(int value);
}

[Topic("hosting.ticks")]
public partial record HostedTick(int Number);

/// <param name="ScopeId">The id of the scope the implementation was resolved in.</param>
/// <param name="ScopesDisposed">How many call scopes had been disposed when the call ran.</param>
public record CallReport(int ScopeId, int ScopesDisposed);

/// <summary>A scoped dependency: one per call, disposed when the call ends.</summary>
public sealed class CallScope(CallLedger ledger) : IDisposable
{
    public int Id { get; } = ledger.NewScope();

    public void Dispose() => ledger.ScopeDisposed();
}

/// <summary>What the calls of one host did, shared through the host's services; and the gate that holds a call in flight.</summary>
public sealed class CallLedger
{
    private int _scopes;
    private int _disposed;

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ScopesDisposed => Volatile.Read(ref _disposed);

    public int NewScope() => Interlocked.Increment(ref _scopes);

    public void ScopeDisposed() => Interlocked.Increment(ref _disposed);
}

public sealed class Adder(CallScope scope, CallLedger ledger) : IAdder
{
    public Task<int> Add(int a, int b) => Task.FromResult(a + b);

    public async Task<CallReport> Report(bool waitForGate, CancellationToken cancellationToken)
    {
        if (waitForGate)
        {
            ledger.Entered.TrySetResult();
            await ledger.Gate.Task.WaitAsync(cancellationToken);
        }

        return new CallReport(scope.Id, ledger.ScopesDisposed);
    }
}

public sealed class Welcomer : IWelcomer
{
    public Task<string> Welcome(string name) => Task.FromResult($"Welcome, {name}");
}

public sealed class OtherAdder : IOtherAdder
{
    public Task<int> Add(int a, int b) => Task.FromResult(a - b);
}

public sealed class Squarer : ISquarer
{
    public Task<long> Square(int value) => Task.FromResult((long)value * value);
}

/// <summary>Where the hosted subscription's handler puts what it receives.</summary>
public sealed class ReceivedTicks
{
    public Channel<HostedTick> Ticks { get; } = Channel.CreateUnbounded<HostedTick>();
}

public sealed class TickHandler(ReceivedTicks received) : IZmqMessageHandler<HostedTick>
{
    public ValueTask HandleAsync(HostedTick message, CancellationToken cancellationToken) => received.Ticks.Writer.WriteAsync(message, cancellationToken);
}

/// <summary>The gate that <see cref="Stubborn"/> and <see cref="StubbornTickHandler"/> wait for, ignoring their tokens.</summary>
public sealed class StubbornGate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task PassAsync()
    {
        Entered.TrySetResult();
        await Gate.Task;
    }
}

public sealed class Stubborn(StubbornGate gate) : IStubborn
{
    public async Task<int> Hang()
    {
        await gate.PassAsync();
        return 1;
    }
}

public sealed class StubbornSquarer(StubbornGate gate) : IStubbornSquarer
{
    public async Task<long> Square(int value)
    {
        await gate.PassAsync();
        return (long)value * value;
    }
}

public sealed class StubbornTickHandler(StubbornGate gate) : IZmqMessageHandler<HostedTick>
{
    public async ValueTask HandleAsync(HostedTick message, CancellationToken cancellationToken) => await gate.PassAsync();
}

/// <summary>Tells when the host's stop that <see cref="HostStoppingTickHandler"/> awaited has returned.</summary>
public sealed class HostStopReturned
{
    public TaskCompletionSource Signal { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A handler that stops the host that hosts its subscription, and waits for that stop, from inside its handling of a message.</summary>
public sealed class HostStoppingTickHandler(IHost host, HostStopReturned returned) : IZmqMessageHandler<HostedTick>
{
    public async ValueTask HandleAsync(HostedTick message, CancellationToken cancellationToken)
    {
        await host.StopAsync(CancellationToken.None);
        returned.Signal.TrySetResult();
    }
}

/// <summary>A server's implementation that stops the host that hosts its server, and waits for that stop, then waits for the test's gate.</summary>
public sealed class HostStopper(IHost host, IHostApplicationLifetime lifetime, StubbornGate gate) : IHostStopper
{
    public async Task<int> StopHost()
    {
        await host.StopAsync(CancellationToken.None);
        await gate.PassAsync();
        return 1;
    }

    public async Task<int> StopApplication()
    {
        lifetime.StopApplication();
        await gate.PassAsync();
        return 1;
    }

    public Task<int> Probe() => Task.FromResult(0);
}
