using System.Collections.Generic;

namespace ZmqContracts;

/// <summary>
/// The services that no worker serves and that have requests waiting, by the arrival of their oldest request, so that a
/// full broker finds the oldest request to drop without looking at every service a client ever named. An entry that no
/// longer holds (the service got a worker, or its oldest request left) is skipped when met; <see cref="Rebuild"/> makes
/// them all afresh. Used under the broker socket's lock only.
/// </summary>
internal sealed class UnservedServices
{
    private readonly PriorityQueue<BrokerService, long> _byOldest = new();

    /// <summary>Notes <paramref name="service"/>'s oldest request, when no worker serves it and one waits.</summary>
    public void Note(BrokerService service)
    {
        if (service.Workers == 0 && service.Requests.TryPeek(out var oldest))
        {
            _byOldest.Enqueue(service, oldest.Arrival);
        }
    }

    /// <summary>
    /// The service other than <paramref name="except"/> whose oldest request is the oldest of all that no worker serves;
    /// <see langword="null"/> when there is none.
    /// </summary>
    public BrokerService? Oldest(BrokerService? except)
    {
        BrokerService? found = null;
        var skipped = false;
        long exceptArrival = 0;
        while (_byOldest.TryPeek(out var service, out var arrival))
        {
            if (service.Workers != 0 || !service.Requests.TryPeek(out var oldest) || oldest.Arrival != arrival)
            {
                _byOldest.Dequeue();
            }
            else if (service == except)
            {
                _byOldest.Dequeue();
                (skipped, exceptArrival) = (true, arrival);
            }
            else
            {
                found = service;
                break;
            }
        }

        if (skipped)
        {
            _byOldest.Enqueue(except!, exceptArrival);
        }

        return found;
    }

    /// <summary>Forgets every entry and notes <paramref name="services"/> afresh, which drops the entries that no longer hold.</summary>
    public void Rebuild(IEnumerable<BrokerService> services)
    {
        _byOldest.Clear();
        foreach (var service in services)
        {
            Note(service);
        }
    }
}
