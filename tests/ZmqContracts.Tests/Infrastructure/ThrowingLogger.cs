using System;
using System.Threading;
using Microsoft.Extensions.Logging;

namespace ZmqContracts.Tests;

/// <summary>A logger whose every entry throws, as Microsoft.Extensions.Logging's does when one of its providers fails.</summary>
internal sealed class ThrowingLogger : ILogger
{
    private int _calls;

    /// <summary>How many entries were attempted.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => throw new InvalidOperationException("a logging provider that fails");

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Interlocked.Increment(ref _calls);
        throw new AggregateException(new InvalidOperationException("a logging provider that fails"));
    }
}
