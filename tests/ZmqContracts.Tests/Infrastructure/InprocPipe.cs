using System;
using NetMQ.Sockets;

namespace ZmqContracts.Tests;

/// <summary>A PUSH socket connected to a PULL socket over inproc: what is sent is in the pull socket's queue at once.</summary>
internal static class InprocPipe
{
    /// <summary>A new pair; the caller disposes the push socket, and the pull socket (or the loop it gives it to).</summary>
    public static (PullSocket Pull, PushSocket Push) Open()
    {
        var endpoint = $"inproc://pipe-{Guid.NewGuid():N}";
        var pull = new PullSocket();
        pull.Bind(endpoint);
        var push = new PushSocket();
        push.Connect(endpoint);
        return (pull, push);
    }
}
