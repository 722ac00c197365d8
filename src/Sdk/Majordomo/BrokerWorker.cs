using System;
using System.Collections.Generic;
using NetMQ;

namespace ZmqContracts;

/// <summary>A worker the broker knows: registered with READY, not yet disconnected or expired. Used under the broker socket's lock only.</summary>
internal sealed class BrokerWorker
{
    /// <param name="address">The worker's routing id at the broker's ROUTER socket, as read.</param>
    /// <param name="service">The service it registered for.</param>
    public BrokerWorker(NetMQFrame address, BrokerService service)
    {
        Address = address;
        Key = Convert.ToHexString(address.Span());
        Service = service;
        Waiting = new(this);
    }

    public NetMQFrame Address { get; }

    /// <summary>The routing id as text, for the log.</summary>
    public string Key { get; }

    public BrokerService Service { get; }

    /// <summary>When, in <see cref="System.Environment.TickCount64"/> milliseconds, the worker is dead unless it says something.</summary>
    public long Expiry { get; set; }

    /// <summary>The request the worker is handling; <see langword="null"/> while it waits for one.</summary>
    public BrokerRequest? Request { get; set; }

    /// <summary>
    /// Its place among its service's waiting workers, made once and used for every wait (no node per request): in that
    /// list while it waits for a request, in none while it handles one.
    /// </summary>
    public LinkedListNode<BrokerWorker> Waiting { get; }
}
