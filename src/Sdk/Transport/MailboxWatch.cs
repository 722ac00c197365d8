using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts;

/// <summary>
/// Waits for a NetMQ socket's mailbox signal (<see cref="SocketMailbox"/>) without a thread of its own: a zero-byte
/// receive on the signal's .NET socket completes when the signal is there, without taking it, through the runtime's own
/// socket engine (epoll, kqueue or I/O completion ports), which then runs the callback on the thread pool, or on its own
/// event thread (see the remarks).
/// </summary>
/// <remarks>
/// The engine can run a completion on its own event thread instead, which every socket of the process waits on: for
/// every socket when the process sets <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> (docs/guide.md, "Threading
/// model"), and for one socket alone when its owner asks for it (<see cref="InlineCompletions"/>, for
/// <see cref="SocketReads.EventThread"/>). There the watch calls the inline callback, which must never block; without
/// one, or when it declines, the watch moves to the thread pool first.
/// </remarks>
internal static class MailboxWatch
{
    /// <summary>
    /// Calls <paramref name="onSignal"/> at once, then each time the signal is there, until it returns false or the
    /// mailbox closes. The first call is for what arrived before: a queue that has never been read to the end signals
    /// nothing when more arrives. <paramref name="onSignal"/> must take the signal (by using the NetMQ socket) before it
    /// returns true, or it is called again at once.
    /// </summary>
    /// <param name="mailbox">The mailbox signal's socket.</param>
    /// <param name="state">What the callbacks are given.</param>
    /// <param name="onSignal">Looks at the NetMQ socket; returns whether to go on watching.</param>
    /// <param name="onSignalInline">
    /// Called instead of <paramref name="onSignal"/> on a thread that is not the thread pool's (the engine's event thread,
    /// with inline completions): what <paramref name="onSignal"/> returns, or <see langword="null"/> when it cannot run
    /// there without blocking, and <paramref name="onSignal"/> then runs on the thread pool.
    /// </param>
    public static async Task RunAsync<TState>(Socket mailbox, TState state, Func<TState, bool> onSignal, Func<TState, bool?>? onSignalInline = null)
    {
        var watching = onSignal(state);
        while (watching)
        {
            try
            {
                await mailbox.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!Thread.CurrentThread.IsThreadPoolThread)
            {
                if (onSignalInline?.Invoke(state) is { } inline)
                {
                    watching = inline;
                    continue;
                }

                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }

            watching = onSignal(state);
        }
    }
}
