using System.Collections.Generic;

namespace ZmqContracts;

/// <summary>
/// A service's requests waiting for a worker, the oldest first: those put back after a worker could not take them, then
/// the others in their order of arrival. Each one put back was the oldest when it was taken, so all of them are older
/// than any that waits in line; among themselves they are kept by their arrival, in case more than one is back at once.
/// Arriving and leaving cost what a queue's do, and putting one back what a heap's of those put back does: one at a
/// time as the broker sends (a REQUEST refused is put back, and taken again, before the next is sent), so a constant,
/// where moving the whole line behind it cost as many steps as requests wait. Used under the broker socket's lock only.
/// </summary>
internal sealed class WaitingRequests
{
    private readonly Queue<BrokerRequest> _inLine = new();

    /// <summary>Made when the first request is put back: most services never have one.</summary>
    private PriorityQueue<BrokerRequest, long>? _putBack;

    /// <summary>How many requests wait.</summary>
    public int Count => _inLine.Count + (_putBack?.Count ?? 0);

    /// <summary>Puts a request that has just arrived last in line.</summary>
    public void Enqueue(BrokerRequest request) => _inLine.Enqueue(request);

    /// <summary>
    /// Puts <paramref name="request"/> back before those in line, where it was before it was handed to a worker that
    /// could not take it (its connection gone, or its queue full).
    /// </summary>
    public void PutBack(BrokerRequest request) => (_putBack ??= new()).Enqueue(request, request.Arrival);

    /// <summary>The oldest request, left waiting; false when none waits.</summary>
    public bool TryPeek(out BrokerRequest oldest) =>
        _putBack is { Count: > 0 } putBack ? putBack.TryPeek(out oldest, out _) : _inLine.TryPeek(out oldest);

    /// <summary>Takes the oldest request; false when none waits.</summary>
    public bool TryDequeue(out BrokerRequest oldest) =>
        _putBack is { Count: > 0 } putBack ? putBack.TryDequeue(out oldest, out _) : _inLine.TryDequeue(out oldest);
}
