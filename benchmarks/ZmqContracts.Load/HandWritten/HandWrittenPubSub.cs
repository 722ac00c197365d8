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
/// the subscriber reads the number: the same frames as the typed numbered row, with no typed layer. With a wait window,
/// it also does what <see cref="SlowSubscriberMode.Wait"/> does, with the same frames (docs/protocol.md, "Wait mode"): every
/// half window the publisher sends the subscriber's identity topic a marker, which the subscriber (an XSUB socket, to
/// send upstream) echoes once read, and the publisher waits for that acknowledgement while a window is on its way.
/// </summary>
internal sealed class HandWrittenPubSub : IDisposable
{
    private static readonly byte[] s_topic = "ticks"u8.ToArray();
    private static readonly byte[] s_identity = "zmqc.flow.0123456789abcdef"u8.ToArray();
    private static readonly byte[] s_ackTopic = "zmqc.ack"u8.ToArray();
    private readonly XPublisherSocket _publisher = new();
    private readonly NetMQSocket _subscriber;
    private readonly bool _positionFrames;
    private readonly int _waitWindow;

    /// <summary>
    /// The last sequence number sent and the last one acknowledged, kept from one run to the next (a warm-up, then the
    /// measured run) as a <see cref="ZmqPublisher"/> keeps its count: what a run leaves on its way is acknowledged in the
    /// next, and an acknowledgement of the last run's numbers must not open the next run's window by that many.
    /// </summary>
    private long _sequence;
    private long _acknowledged;

    /// <param name="positionFrames">Whether each message carries the numbering's position frame.</param>
    /// <param name="highWatermark">Both sockets' high-water mark; 0 for none, so that nothing is dropped.</param>
    /// <param name="waitWindow">With position frames, how many messages may be on their way before the publisher waits for the subscriber; 0 for no flow control.</param>
    public HandWrittenPubSub(bool positionFrames = false, int highWatermark = 10_000, int waitWindow = 0)
    {
        _positionFrames = positionFrames;
        _waitWindow = waitWindow;
        _subscriber = waitWindow > 0 ? new XSubscriberSocket() : new SubscriberSocket();
        _publisher.Options.SendHighWatermark = _subscriber.Options.ReceiveHighWatermark = highWatermark;
        _publisher.Bind(Loopback.AnyPort);
        if (_subscriber is SubscriberSocket subscriber)
        {
            subscriber.Subscribe(s_topic);
        }
        else
        {
            _subscriber.SendFrame([1, .. s_identity]);
            _subscriber.SendFrame([1, .. s_topic]);
        }

        _subscriber.Connect(_publisher.Options.LastEndpoint!);
        for (var subscriptions = waitWindow > 0 ? 2 : 1; subscriptions > 0; subscriptions--)
        {
            if (!_publisher.TryReceiveFrameBytes(TimeSpan.FromSeconds(10), out _))
            {
                throw new TimeoutException("The subscription never reached the publisher.");
            }
        }
    }

    /// <summary>Publishes for <paramref name="duration"/> and returns how many messages the subscriber read meanwhile.</summary>
    public async Task<long> RunAsync(TimeSpan duration)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var receiving = Task.Factory.StartNew(() => Receive(deadline), TaskCreationOptions.LongRunning);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var sequence = ++_sequence;
            if (_waitWindow > 0 && sequence - 1 - _acknowledged >= _waitWindow)
            {
                _acknowledged = WaitForAcknowledgement(_acknowledged, deadline);
            }

            var message = new NetMQMessage(3);
            message.Append(s_topic);
            message.Append(MessagePackSerializer.Serialize(Scoring.SampleTick, HandWrittenCodec.Options));
            if (_positionFrames)
            {
                message.Append(Position(sequence));
            }

            _publisher.SendMultipartMessage(message);
            if (_waitWindow > 0 && sequence % (_waitWindow / 2) == 0)
            {
                _publisher.SendMoreFrame(s_identity).SendFrame(Position(sequence));
            }
        }

        return await receiving;
    }

    private static byte[] Position(long sequence)
    {
        var position = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(position.AsSpan(8), sequence);
        return position;
    }

    /// <summary>Reads what came upstream until an acknowledgement later than <paramref name="acknowledged"/> (or the deadline), and returns the last one.</summary>
    private long WaitForAcknowledgement(long acknowledged, long deadline)
    {
        var upstream = new NetMQMessage();
        var last = acknowledged;
        while (last == acknowledged && Stopwatch.GetTimestamp() < deadline)
        {
            if (_publisher.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref upstream) && upstream[0].Buffer.AsSpan(0, upstream[0].MessageSize).SequenceEqual(s_ackTopic))
            {
                last = Math.Max(last, BinaryPrimitives.ReadInt64LittleEndian(upstream[2].Buffer.AsSpan(8)));
            }
        }

        return last;
    }

    /// <summary>The last number read, kept so that reading it is not optimized away.</summary>
    private long _lastSequence;

    private long Receive(long deadline)
    {
        long received = 0;
        var message = new NetMQMessage();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (!_subscriber.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(50), ref message))
            {
                continue;
            }

            if (_waitWindow > 0 && message[0].Buffer.AsSpan(0, message[0].MessageSize).SequenceEqual(s_identity))
            {
                _subscriber.SendMoreFrame(s_ackTopic).SendMoreFrame(s_identity).SendFrame(message[1].ToByteArray());
            }
            else
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
