using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace ZmqContracts;

/// <summary>
/// Waits for a NetMQ socket's mailbox signal (<see cref="SocketMailbox"/>) without a thread of its own: a zero-byte
/// receive on the signal's .NET socket completes when the signal is there, without taking it, through the runtime's own
/// socket engine (epoll, kqueue or I/O completion ports), which then runs the callback on the thread pool.
/// </summary>
internal static class MailboxWatch
{
    /// <summary>
    /// Calls <paramref name="onSignal"/> at once, then each time the signal is there, until it returns false or the
    /// mailbox closes. The first call is for what arrived before: a queue that has never been read to the end signals
    /// nothing when more arrives. <paramref name="onSignal"/> must take the signal (by using the NetMQ socket) before it
    /// returns true, or it is called again at once.
    /// </summary>
    public static async Task RunAsync<TState>(Socket mailbox, TState state, Func<TState, bool> onSignal)
    {
        while (onSignal(state))
        {
            try
            {
                await mailbox.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
