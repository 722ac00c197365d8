using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// A collector's side of acknowledged mode: a PUB socket, bound, that producers subscribe to with their identity. The
/// collector's poller thread, the only one to use it, gathers the ids it takes and sends them once per batch of
/// messages read, one message <c>[producer][floor][sequence numbers]</c> per producer (docs/protocol.md, Pipeline). The
/// floor acknowledges everything below it, so a lost acknowledgement is made good by the next; otherwise it costs a
/// redelivery, which the collector acknowledges again.
/// </summary>
internal sealed class AcknowledgementPublisher : IDisposable
{
    private readonly PublisherSocket _socket;
    private readonly string _binding;
    private readonly Dictionary<Guid, (long Floor, List<long> Sequences)> _waiting = new();

    /// <param name="owner">The collector's public type, for messages.</param>
    /// <param name="endpoint">The endpoint to bind.</param>
    /// <param name="options">The collector's options.</param>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    public AcknowledgementPublisher(string owner, string endpoint, ZmqCollectorOptions options)
    {
        _socket = options.Configure(new PublisherSocket(), linger: TimeSpan.Zero);
        try
        {
            Endpoint = SocketEndpoints.Bind(_socket, endpoint, owner);
            _binding = SocketEndpoints.BindingName(endpoint, Endpoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>The address bound.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// Acknowledges <paramref name="id"/>, and every sequence number of its producer below <paramref name="floor"/>, at
    /// the next <see cref="Flush"/>. On the collector's poller thread.
    /// </summary>
    public void Acknowledge(ItemId id, long floor)
    {
        var sequences = _waiting.TryGetValue(id.Producer, out var waiting) ? waiting.Sequences : new List<long>();
        sequences.Add(id.Sequence);
        _waiting[id.Producer] = (floor, sequences);
    }

    /// <summary>Sends the acknowledgements gathered. On the collector's poller thread, or once it has stopped.</summary>
    public void Flush()
    {
        foreach (var (producer, (floor, sequences)) in _waiting)
        {
            if (sequences.Count == 0)
            {
                continue;
            }

            var floorFrame = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(floorFrame, floor);
            var frame = new byte[sequences.Count * 8];
            for (var i = 0; i < sequences.Count; i++)
            {
                BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(i * 8), sequences[i]);
            }

            var message = new NetMQMessage(3);
            message.Append(producer.ToByteArray());
            message.Append(floorFrame);
            message.Append(frame);
            _socket.TrySendMultipartMessage(message);
            sequences.Clear();
        }

        if (_waiting.Count > DeliveredItems.MaxProducers)
        {
            _waiting.Clear();
        }
    }

    /// <summary>
    /// Closes the socket, once the collector's poller thread has stopped, and returns once its endpoint is free;
    /// acknowledgements still in flight may be lost (and their items sent again).
    /// </summary>
    public void Dispose()
    {
        Flush();
        SocketEndpoints.Close(_socket, [_binding]);
    }
}
