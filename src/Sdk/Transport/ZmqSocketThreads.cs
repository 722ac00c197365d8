using System;
using System.Threading;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The threads that own the process's ZeroMQ sockets. Every endpoint object's sockets are polled by one of a fixed
/// number of shared threads, so the number of threads does not grow with the number of clients, servers, publishers,
/// subscribers, producers, workers, collectors and relays (docs/architecture.md, "Threads"). NetMQ's own I/O threads come
/// on top of these.
/// </summary>
public static class ZmqSocketThreads
{
    private static readonly object Gate = new();
    private static int _count = Math.Clamp(Environment.ProcessorCount, 2, 8);
    private static NetMQPoller[]? _pollers;
    private static int _next;

    /// <summary>
    /// How many socket threads the process runs: by default the number of processors, at least 2 and at most 8. Set it
    /// before the first endpoint object starts; the threads are made then, and live as long as the process.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    /// <exception cref="InvalidOperationException">The threads were already made.</exception>
    public static int Count
    {
        get => Volatile.Read(ref _count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (Gate)
            {
                if (_pollers is not null)
                {
                    throw new InvalidOperationException(
                        $"The {_pollers.Length} socket threads are already running: set ZmqSocketThreads.Count before the first endpoint object starts.");
                }

                _count = value;
            }
        }
    }

    /// <summary>The poller that the next socket goes to, round robin; makes the threads the first time.</summary>
    internal static NetMQPoller Next()
    {
        var pollers = Volatile.Read(ref _pollers) ?? Make();
        return pollers[(int)((uint)Interlocked.Increment(ref _next) % (uint)pollers.Length)];
    }

    private static NetMQPoller[] Make()
    {
        lock (Gate)
        {
            if (_pollers is null)
            {
                var pollers = new NetMQPoller[_count];
                for (var i = 0; i < pollers.Length; i++)
                {
                    pollers[i] = new NetMQPoller();
                    pollers[i].RunAsync($"ZmqContracts socket thread {i + 1}", isBackgroundThread: true);
                }

                Volatile.Write(ref _pollers, pollers);
            }

            return _pollers;
        }
    }
}
