using System;
using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>Keeps what is logged, for tests that check it.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();

    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    /// <summary>Reads the messages logged, in order, until one contains <paramref name="text"/>.</summary>
    public async Task Logged(string text)
    {
        while (!(await _messages.Reader.ReadAsync()).Contains(text, StringComparison.Ordinal))
        {
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Entries.Enqueue((logLevel, message, exception));
        _messages.Writer.TryWrite(message);
    }
}
