using System;

namespace ZmqContracts;

/// <summary>
/// A warning that comes once per message, such as each message a closing socket could not send, logged as
/// <see cref="RepeatedWarnings"/> counts it: the first at once, the next ones with their count at most once per interval,
/// and what is left by <see cref="Close"/>. Thread-safe.
/// </summary>
/// <param name="log">
/// Logs one line: the error of the occurrence that brings it about (<see langword="null"/> for what <see cref="Close"/>
/// reports) and how many occurrences the line stands for.
/// </param>
internal sealed class RepeatedLog(Action<Exception?, long> log)
{
    private readonly RepeatedWarnings _counts = new(RepeatedWarnings.DefaultInterval, (_, count) => log(null, count));

    /// <summary>Counts one occurrence, logging it when the interval allows.</summary>
    public void Add(Exception? error)
    {
        if (_counts.Count("") is > 0 and var count)
        {
            log(error, count);
        }
    }

    /// <summary>Logs the occurrences not logged yet; later ones are logged one by one.</summary>
    public void Close() => _counts.Close();
}
