using System;
using System.Net.Sockets;
using System.Reflection;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The .NET socket a NetMQ socket's mailbox signals on: libzmq's <c>ZMQ_FD</c>, which NetMQ 4.0.4.5 does not make public.
/// It becomes readable when commands wait for the NetMQ socket (a message arrived in an empty queue, a full queue has
/// room again), so that a thread can wait for it without touching the NetMQ socket, which only its current user may.
/// </summary>
/// <remarks>
/// Like <c>ZMQ_FD</c> it is edge-triggered: any use of the NetMQ socket may take the signal, after which it will not
/// fire for what is already there. Whoever uses the socket must therefore look at its events afterwards
/// (<see cref="NetMQSocket.HasIn"/>, <see cref="NetMQSocket.HasOut"/>), as <see cref="SocketLoop"/> does.
/// Read through NetMQ's internal <c>SocketHandle</c> and <c>SocketBase.Handle</c>, named as constants so that the
/// trimmer keeps both; if a NetMQ upgrade moves them, making any endpoint object fails with a message that says so.
/// </remarks>
internal static class SocketMailbox
{
    private static readonly PropertyInfo SocketHandle =
        typeof(NetMQSocket).GetProperty("SocketHandle", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw Moved("NetMQSocket.SocketHandle");

    private static readonly PropertyInfo Handle =
        Type.GetType("NetMQ.Core.SocketBase, NetMQ")?.GetProperty("Handle", BindingFlags.Instance | BindingFlags.Public)
        ?? throw Moved("NetMQ.Core.SocketBase.Handle");

    /// <summary>The mailbox signal of <paramref name="socket"/>.</summary>
    public static Socket Of(NetMQSocket socket) => (Socket)Handle.GetValue(SocketHandle.GetValue(socket))!;

    private static NotSupportedException Moved(string member) =>
        new($"{member} is not where NetMQ 4.0.4.5 has it: ZmqContracts reads a socket's mailbox signal through it, and needs that NetMQ version.");
}
