using System.Collections.Generic;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// One service at the broker: the requests waiting for a worker, oldest first, and the workers waiting for a request,
/// the one that has waited longest first (least recently used). Used under the broker socket's lock only.
/// </summary>
internal sealed class BrokerService(string name)
{
    public string Name { get; } = name;

    /// <summary>Requests as <c>[client][][body…]</c>, each with the moment it expires.</summary>
    public Queue<(NetMQMessage Request, long Expiry)> Requests { get; } = new();

    public LinkedList<BrokerWorker> WaitingWorkers { get; } = new();

    /// <summary>How many workers are registered, waiting or busy.</summary>
    public int Workers { get; set; }
}
