using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using ZmqContracts.Hosting;

namespace HostingSample;

/// <summary>A scoped dependency: one per call, as a <c>DbContext</c> would be.</summary>
public sealed class RequestClock
{
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
}

public sealed class Calculator(RequestClock clock, ILogger<Calculator> logger) : ICalculator
{
    public Task<int> Add(int a, int b, CancellationToken cancellationToken = default)
    {
        logger.LogDebug("Add({A}, {B}) in the scope started at {Started:O}", a, b, clock.Started);
        return Task.FromResult(a + b);
    }
}

public sealed class Greeter : IGreeter
{
    public Task<string> Greet(string name) => Task.FromResult($"Hello, {name}");
}

public sealed class Squarer : ISquarer
{
    public Task<long> Square(int value) => Task.FromResult((long)value * value);
}

/// <summary>The hosted subscription's handler: one per message.</summary>
public sealed class PriceHandler(ILogger<PriceHandler> logger) : IZmqMessageHandler<Price>
{
    public ValueTask HandleAsync(Price message, CancellationToken cancellationToken)
    {
        logger.LogInformation("price {Symbol} {Value}", message.Symbol, message.Value);
        return ValueTask.CompletedTask;
    }
}
