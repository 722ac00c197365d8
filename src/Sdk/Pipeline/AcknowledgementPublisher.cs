using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// A collector's side of acknowledged mode: a PUB socket, bound, that producers subscribe to with their identity. Ids
/// to acknowledge are gathered from any thread and sent in batches, one message <c>[producer][sequence numbers]</c> per
/// producer (docs/protocol.md, Pipeline). A lost acknowledgement costs a redelivery, which the collector acknowledges again.
/// </summary>
internal sealed class AcknowledgementPublisher : IDisposable
{
    private readonly SocketLoop _loop;
    private readonly ConcurrentQueue<ItemId> _waiting = new();
    private int _flushScheduled;

    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="endpoint">The endpoint to bind.</param>
    /// <param name="options">The collector's options.</param>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    public AcknowledgementPublisher(string contract, string endpoint, ZmqCollectorOptions options)
    {
        var socket = options.Configure(new PublisherSocket(), linger: TimeSpan.Zero);
        try
        {
            Endpoint = SocketEndpoints.Bind(socket, endpoint, $"{contract} collector");
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _loop = new SocketLoop(socket, onReceiveReady: null, static (_, _) => { });
        _loop.Start($"ZmqContracts {contract} collector acknowledgements");
    }

    /// <summary>The address bound.</summary>
    public string Endpoint { get; }

    /// <summary>Acknowledges <paramref name="id"/> to its producer soon. Thread-safe.</summary>
    public void Acknowledge(ItemId id)
    {
        _waiting.Enqueue(id);
        if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
        {
            _loop.RunOnLoop(Flush);
        }
    }

    /// <summary>Sends what waits, then closes the socket; acknowledgements still in flight may be lost (and their items sent again).</summary>
    public void Dispose()
    {
        _loop.RunOnLoop(Flush).Wait();
        _loop.Dispose();
    }

    private void Flush(NetMQSocket socket)
    {
        Volatile.Write(ref _flushScheduled, 0);
        var byProducer = new Dictionary<Guid, List<long>>();
        while (_waiting.TryDequeue(out var id))
        {
            if (!byProducer.TryGetValue(id.Producer, out var sequences))
            {
                byProducer[id.Producer] = sequences = new List<long>();
            }

            sequences.Add(id.Sequence);
        }

        foreach (var (producer, sequences) in byProducer)
        {
            var frame = new byte[sequences.Count * 8];
            for (var i = 0; i < sequences.Count; i++)
            {
                BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(i * 8), sequences[i]);
            }

            var message = new NetMQMessage(2);
            message.Append(producer.ToByteArray());
            message.Append(frame);
            socket.TrySendMultipartMessage(message);
        }
    }
}
