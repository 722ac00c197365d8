using System;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ZmqContracts;

/// <summary>
/// The logger an endpoint writes to: the one its options give, with whatever that logger throws contained. A log call
/// runs in the middle of the work it reports (a socket's read, an item's failure, a shutdown), and
/// Microsoft.Extensions.Logging throws from it when one of its providers fails: that costs the entry, never the message
/// being read or sent, nor the endpoint.
/// </summary>
internal sealed class ContainedLogger(ILogger logger) : ILogger
{
    /// <summary><paramref name="logger"/> contained; the null logger as it is, since it throws nothing.</summary>
    public static ILogger Of(ILogger logger) => logger is NullLogger ? logger : new ContainedLogger(logger);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        try
        {
            return logger.BeginScope(state);
        }
        catch (Exception)
        {
            return null;
        }
    }

    public bool IsEnabled(LogLevel logLevel)
    {
        try
        {
            return logger.IsEnabled(logLevel);
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            logger.Log(logLevel, eventId, state, exception, formatter);
        }
        catch (Exception)
        {
            // The entry is lost; what it reported goes on.
        }
    }
}
