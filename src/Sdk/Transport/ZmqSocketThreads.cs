using System;
using System.Threading;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The threads that own the process's ZeroMQ sockets. Every endpoint object's sockets are polled by one of a fixed
/// number of shared threads, so the number of threads does not grow with the number of clients, servers, publishers,
/// subscribers, producers, workers, collectors and relays (docs/architecture.md, "Threads"). NetMQ's own I/O threads come
/// on top of these. The threads start with the first endpoint object and stop when the last one is disposed, so that a
/// program that has disposed its endpoints may call <c>NetMQConfig.Cleanup()</c>.
/// </summary>
public static class ZmqSocketThreads
{
    private static readonly object Gate = new();
    private static int _count = Math.Clamp(Environment.ProcessorCount, 2, 8);
    private static NetMQPoller[]? _pollers;
    private static int _users;
    private static int _next;

    /// <summary>
    /// How many socket threads the process runs while it has endpoint objects: by default the number of processors, at
    /// least 2 and at most 8. Set it while no endpoint object is started (before the first, or after the last is disposed).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Endpoint objects are running on the threads now.</exception>
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
                        $"{_users} sockets run on the {_pollers.Length} socket threads now: set ZmqSocketThreads.Count before the first endpoint object starts.");
                }

                _count = value;
            }
        }
    }

    /// <summary>The poller the next socket goes to, round robin; starts the threads for the first.</summary>
    internal static NetMQPoller Acquire()
    {
        lock (Gate)
        {
            _pollers ??= Make(_count);
            _users++;
            return _pollers[(int)((uint)_next++ % (uint)_pollers.Length)];
        }
    }

    /// <summary>
    /// A socket has left its poller for good; after the last, the threads stop (at once, or just after when this is one
    /// of them, for a thread cannot wait for its own end).
    /// </summary>
    internal static void Release()
    {
        NetMQPoller[] stopping;
        lock (Gate)
        {
            if (--_users > 0 || _pollers is null)
            {
                return;
            }

            stopping = _pollers;
            _pollers = null;
        }

        if (Array.Exists(stopping, poller => poller.CanExecuteTaskInline))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static pollers => Stop(pollers), stopping, preferLocal: false);
        }
        else
        {
            Stop(stopping);
        }
    }

    private static NetMQPoller[] Make(int count)
    {
        var pollers = new NetMQPoller[count];
        for (var i = 0; i < pollers.Length; i++)
        {
            pollers[i] = new NetMQPoller();
            pollers[i].RunAsync($"ZmqContracts socket thread {i + 1}", isBackgroundThread: true);
        }

        return pollers;
    }

    private static void Stop(NetMQPoller[] pollers)
    {
        foreach (var poller in pollers)
        {
            poller.Dispose();
        }
    }
}
