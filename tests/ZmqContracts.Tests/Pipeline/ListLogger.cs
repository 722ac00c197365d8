using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>Keeps what is logged, for tests that check it.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();

    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception, EventId Id, IReadOnlyList<KeyValuePair<string, object?>>? State)> Entries { get; } = new();

    /// <summary>The value of <paramref name="name"/> in the message template of each entry of event <paramref name="eventId"/>.</summary>
    public List<object?> Values(int eventId, string name) =>
        Entries.Where(entry => entry.Id.Id == eventId).Select(entry => entry.State!.Single(pair => pair.Key == name).Value).ToList();

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
        Entries.Enqueue((logLevel, message, exception, eventId, state as IReadOnlyList<KeyValuePair<string, object?>>));
        _messages.Writer.TryWrite(message);
    }
}
