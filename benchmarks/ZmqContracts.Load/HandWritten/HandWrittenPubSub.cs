using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Threading.Tasks;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// Publish/subscribe as a NetMQ user writes it: an XPUB socket sending <c>[topic][payload]</c> as fast as it can and a
/// SUB socket reading and deserializing, each on its own thread, with the same high-water marks as ZmqContracts'
/// defaults. The XPUB lets it wait for the subscription once, instead of losing the first messages to the slow joiner.
/// With position frames, each message also carries the numbering's frame, as a <see cref="ZmqPublisher"/>
/// sends it (docs/protocol.md, "Numbering and missed messages": 8 bytes of publisher id, then the sequence number), and
/// the subscriber reads the number: the same frames as the typed numbered row, with no typed layer.
/// </summary>
internal sealed class HandWrittenPubSub : IDisposable
{
    private static readonly byte[] s_topic = "ticks"u8.ToArray();
    private readonly XPublisherSocket _publisher = new();
    private readonly SubscriberSocket _subscriber = new();
    private readonly bool _positionFrames;

    /// <param name="positionFrames">Whether each message carries the numbering's position frame.</param>
    /// <param name="highWatermark">Both sockets' high-water mark; 0 for none, so that nothing is dropped.</param>
    public HandWrittenPubSub(bool positionFrames = false, int highWatermark = 10_000)
    {
        _positionFrames = positionFrames;
        _publisher.Options.SendHighWatermark = _subscriber.Options.ReceiveHighWatermark = highWatermark;
        _publisher.Bind(Loopback.AnyPort);
        _subscriber.Subscribe(s_topic);
        _subscriber.Connect(_publisher.Options.LastEndpoint!);
        if (!_publisher.TryReceiveFrameBytes(TimeSpan.FromSeconds(10), out _))
        {
            throw new TimeoutException("The subscription never reached the publisher.");
        }
    }

    /// <summary>Publishes for <paramref name="duration"/> and returns how many messages the subscriber read meanwhile.</summary>
    public async Task<long> RunAsync(TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var receiving = Task.Factory.StartNew(() => Receive(deadline), TaskCreationOptions.LongRunning);
        for (long sequence = 1; Stopwatch.GetTimestamp() < deadline; sequence++)
        {
            var message = new NetMQMessage(3);
            message.Append(s_topic);
            message.Append(MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options));
            if (_positionFrames)
            {
                var position = new byte[16];
                BinaryPrimitives.WriteInt64LittleEndian(position.AsSpan(8), sequence);
                message.Append(position);
            }

            _publisher.SendMultipartMessage(message);
        }

        return await receiving;
    }

    /// <summary>The last number read, kept so that reading it is not optimized away.</summary>
    private long _lastSequence;

    private long Receive(long deadline)
    {
        long received = 0;
        var message = new NetMQMessage();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_subscriber.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref message))
            {
                MessagePackSerializer.Deserialize<Tick>(message[1].Buffer.AsMemory(0, message[1].MessageSize), HandWrittenCodec.Options);
                if (_positionFrames)
                {
                    _lastSequence = BinaryPrimitives.ReadInt64LittleEndian(message[2].Buffer.AsSpan(8));
                }

                received++;
            }
        }

        return received;
    }

    public void Dispose()
    {
        _subscriber.Dispose();
        _publisher.Dispose();
    }
}
