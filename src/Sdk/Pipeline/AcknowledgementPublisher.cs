using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// A collector's side of acknowledged mode: a PUB socket, bound, that producers subscribe to with their identity. The
/// collector gathers the ids to acknowledge (results once read, anything else once taken) and sends them in batches, one
/// message <c>[producer][floor][sequence numbers]</c> per producer (docs/protocol.md, Pipeline). The floor is the
/// producer's own, as the newest id carried it: it acknowledges nothing the producer still waits for. A lost
/// acknowledgement costs a redelivery, which the collector acknowledges again once the result has been read.
/// Used by one thread at a time: one that holds the collector socket's lock, or the collector's own lock once that socket is closed.
/// </summary>
internal sealed class AcknowledgementPublisher : IDisposable
{
    /// <summary>
    /// How long the acknowledgements flushed as the collector closes (those of results read last) may take to leave:
    /// without it they would die with the socket, and their items would be sent again.
    /// </summary>
    private static readonly TimeSpan FinalAcknowledgementsLinger = TimeSpan.FromSeconds(1);

    private readonly PublisherSocket _socket;
    private readonly BoundEndpoint _binding;
    private readonly Dictionary<Guid, (long Floor, List<long> Sequences)> _waiting = new();

    /// <param name="owner">The collector's public type, for messages.</param>
    /// <param name="endpoint">The endpoint to bind.</param>
    /// <param name="options">The collector's options.</param>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    public AcknowledgementPublisher(string owner, string endpoint, ZmqCollectorOptions options)
    {
        _socket = options.NewSocket(owner, static () => new PublisherSocket(), FinalAcknowledgementsLinger);
        try
        {
            _binding = SocketEndpoints.Bind(_socket, endpoint, owner);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    /// <summary>The address bound.</summary>
    public string Endpoint => _binding.Endpoint;

    /// <summary>
    /// Acknowledges <paramref name="id"/> at the next <see cref="Flush"/>, with the floor it carries: the producer no
    /// longer waits for anything below it, so the floor acknowledges nothing unread.
    /// </summary>
    public void Acknowledge(ItemId id)
    {
        if (_waiting.TryGetValue(id.Producer, out var waiting))
        {
            waiting.Sequences.Add(id.Sequence);
            _waiting[id.Producer] = (Math.Max(id.Floor, waiting.Floor), waiting.Sequences);
        }
        else
        {
            _waiting[id.Producer] = (id.Floor, [id.Sequence]);
        }
    }

    /// <summary>Sends the acknowledgements gathered.</summary>
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
    /// Closes the socket, once the collector's socket is closed, and returns once its endpoint is free;
    /// acknowledgements still in flight may be lost (and their items sent again).
    /// </summary>
    public void Dispose()
    {
        Flush();
        SocketEndpoints.Close(_socket, [_binding]);
    }
}
