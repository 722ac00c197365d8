using System;
using System.Threading;

namespace ZmqContracts;

/// <summary>
/// The linger of a collector's socket: infinite. When a worker goes, NetMQ 4.0.4.5 ends its accepted connection with the
/// collector socket's linger (<c>SessionBase.Detached</c>, then <c>Pipe.Terminate(linger != 0)</c>): with 0 it discards
/// at once the results that worker sent and the collector has not read yet, which is what a worker that closes
/// gracefully right after sending its last results would lose; with a positive linger, once it runs out. Infinite keeps
/// them readable until they are read; the collector's own close still drops what it had not read.
/// </summary>
internal static class ReceiverLinger
{
    public static readonly TimeSpan Value = Timeout.InfiniteTimeSpan;
}
