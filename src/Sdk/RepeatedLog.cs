using System;

namespace ZmqContracts;

/// <summary>
/// A warning that comes once per message, such as each message a closing socket could not send, logged as
/// <see cref="RepeatedWarnings"/> counts it: the first at once, the next ones with their count at most once per interval,
/// and what is left by <see cref="Close"/>. Thread-safe.
/// </summary>
/// <param name="log">
/// Logs one line: the error of the first occurrence (<see langword="null"/> for the counts that the sweep and
/// <see cref="Close"/> report) and how many occurrences the line stands for.
/// </param>
internal sealed class RepeatedLog(Action<Exception?, long> log)
{
    private readonly RepeatedWarnings _counts = new(RepeatedWarnings.DefaultInterval, (_, count) => log(null, count));

    /// <summary>Counts one occurrence, logging it with its error when it is the first.</summary>
    public void Add(Exception? error)
    {
        if (_counts.IsFirst(""))
        {
            log(error, 1);
        }
    }

    /// <summary>Logs the occurrences not logged yet; later ones are logged one by one.</summary>
    public void Close() => _counts.Close();
}
