namespace ZmqContracts;

/// <summary>
/// Which thread reads what arrives on a <see cref="SocketLoop"/>'s socket when nobody is using it: the thread pool, or
/// the runtime's socket engine's own event thread, which sees the socket's mailbox signal (<see cref="MailboxWatch"/>).
/// </summary>
internal enum SocketReads
{
    /// <summary>
    /// The thread pool, to which the engine hands the signal. For streams (a subscriber's messages, a worker's items, a
    /// collector's results), whose reads take batches and would otherwise keep the event thread, which every socket of
    /// the process waits on. A process that sets <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> has the engine
    /// run every completion on its event thread, and the read then runs there when no other thread holds the socket.
    /// </summary>
    ThreadPool,

    /// <summary>
    /// The event thread, when no other thread holds the socket: for messages on a caller's path (a request, a reply),
    /// where the engine's hand-off to the thread pool would cost a thread's wake-up each way of a call. The read only
    /// takes the message and hands it on (a request to its handler, a reply to its call) to the thread pool, where user
    /// code runs.
    /// </summary>
    EventThread,

    /// <summary>
    /// The thread pool only, even with inline completions: for a server whose handlers run in the read of their request
    /// (<see cref="ZmqServerOptions.HandleOnSocketThread"/>), where a handler would hold up every socket of the process.
    /// </summary>
    RunHandlers,
}
