using System;
using System.Collections.Generic;
using System.Text;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// One service at the broker: the requests waiting for a worker, oldest first, and the workers waiting for a request,
/// the one that has waited longest first (least recently used). Used under the broker socket's lock only.
/// </summary>
/// <param name="name">The name's bytes, as the wire carries them; the service keeps them.</param>
internal sealed class BrokerService(byte[] name)
{
    /// <summary>The name's bytes: the service's key at the broker, compared by content (<see cref="ByteContent"/>).</summary>
    public ReadOnlyMemory<byte> Key { get; } = name;

    /// <summary>The name as UTF-8 text, for the log.</summary>
    public string Name { get; } = NameOf(name);

    /// <summary>The name as a REPLY's service frame, its bytes as the workers registered them, made once: a frame is only read once it is sent.</summary>
    public NetMQFrame NameFrame { get; } = new(name);

    /// <summary>The requests waiting for a worker, the oldest first.</summary>
    public WaitingRequests Requests { get; } = new();

    public LinkedList<BrokerWorker> WaitingWorkers { get; } = new();

    /// <summary>How many workers are registered, waiting or busy.</summary>
    public int Workers { get; set; }

    /// <summary>A service's name as UTF-8 text, for the log, from its bytes.</summary>
    public static string NameOf(ReadOnlySpan<byte> name) => Encoding.UTF8.GetString(name);
}

/// <summary>
/// A request at the broker: <c>[client][][body…]</c> while it waits, the moment it expires (in
/// <see cref="System.Environment.TickCount64"/> milliseconds), and its place among all the broker's requests, the oldest first.
/// </summary>
internal readonly record struct BrokerRequest(NetMQMessage Message, long Expiry, long Arrival)
{
    /// <summary>The client's address, taken while it is the message's first frame (a worker's REQUEST puts frames before it).</summary>
    public NetMQFrame Client { get; } = Message[0];
}
