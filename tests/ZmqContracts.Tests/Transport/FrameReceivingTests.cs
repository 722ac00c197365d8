using System;
using System.Linq;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Transport;

/// <summary>Runs alone: it sets NetMQ's buffer pool, which every socket of the process uses.</summary>
[CollectionDefinition(nameof(BufferPoolSetting), DisableParallelization = true)]
public sealed class BufferPoolSetting;

/// <summary>
/// <see cref="FrameReceiving"/> takes the array a frame was read into instead of copying it, only where nothing else
/// holds that array and it is the frame's exact size.
/// </summary>
public class FrameReceivingTests
{
    private static readonly int[] FrameSizes = [0, 1, 8, 300, 70_000];

    [Fact]
    public void Frames_read_from_a_connection_arrive_whole_each_in_an_array_of_its_size()
    {
        using var pull = new PullSocket();
        pull.Bind(Loopback.AnyPort);
        using var push = new PushSocket();
        push.Connect(pull.Options.LastEndpoint!);

        AssertArrivesWhole(push, pull);
    }

    [Fact]
    public void A_frame_sent_from_the_senders_own_array_in_process_is_read_as_a_copy()
    {
        var endpoint = $"inproc://frame-receiving-{Guid.NewGuid():N}";
        using var pull = new PullSocket();
        pull.Bind(endpoint);
        using var push = new PushSocket();
        push.Connect(endpoint);

        // FrameSending hands the array itself to the socket, and the in-process transport passes it on as it is.
        byte[] sent = [1, 2, 3];
        Assert.True(FrameSending.TrySendFrame(push, sent, sent.Length, Within.Timeout, more: false));
        var read = Receive(pull);

        Assert.NotSame(sent, read);
        read[0] = 9;
        Assert.Equal([1, 2, 3], sent);
    }

    [Fact]
    public void A_message_published_to_two_subscribers_in_process_is_read_by_each_into_an_array_of_its_own()
    {
        var endpoint = $"inproc://frame-receiving-{Guid.NewGuid():N}";
        using var publisher = new XPublisherSocket();

        // Each subscription reaches the publisher, the second too, though it is the same as the first.
        publisher.Options.XPubVerbose = true;
        publisher.Bind(endpoint);
        using var first = new SubscriberSocket();
        using var second = new SubscriberSocket();
        foreach (var subscriber in new[] { first, second })
        {
            subscriber.Connect(endpoint);
            subscriber.Subscribe("");

            // The subscription reaches the publisher before anything is published: XPUB reads it.
            Assert.True(publisher.TryReceiveFrameBytes(Within.Timeout, out var subscription), "the subscription did not arrive");
            Assert.Equal([1], subscription);
        }

        // NetMQ's own send copies the frame into an array of the pool, which both subscribers' copies share.
        publisher.SendFrame([1, 2, 3]);
        var one = Receive(first);
        var other = Receive(second);

        Assert.NotSame(one, other);
        one[0] = 9;
        Assert.Equal([1, 2, 3], other);
    }

    /// <summary>Sends a message of one frame of each size, read with <see cref="FrameReceiving.TryReceiveMessage"/>.</summary>
    internal static void AssertArrivesWhole(PushSocket push, PullSocket pull)
    {
        var sent = FrameSizes.Select(size => Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray()).ToArray();
        var message = new NetMQMessage();
        foreach (var frame in sent)
        {
            message.Append(frame);
        }

        push.SendMultipartMessage(message);
        Assert.True(pull.Poll(PollEvents.PollIn, Within.Timeout) == PollEvents.PollIn, "the message did not arrive");
        NetMQMessage? read = null;
        Assert.True(FrameReceiving.TryReceiveMessage(pull, ref read));

        Assert.Equal(sent.Length, read.FrameCount);
        for (var i = 0; i < sent.Length; i++)
        {
            // Read as its array: the SDK's readers take a frame's Buffer as its bytes.
            Assert.Equal(sent[i].Length, read[i].Buffer.Length);
            Assert.Equal(sent[i], read[i].Buffer);
        }

        Assert.False(FrameReceiving.TryReceiveMessage(pull, ref read));
    }

    private static byte[] Receive(NetMQSocket socket)
    {
        Assert.True(socket.Poll(PollEvents.PollIn, Within.Timeout) == PollEvents.PollIn, "the frame did not arrive");
        Assert.True(FrameReceiving.TryReceiveFrame(socket, out var bytes, out var more));
        Assert.False(more);
        return bytes;
    }
}

/// <summary>An application may give NetMQ a pool of its own, whose arrays are longer than the frames read into them.</summary>
[Collection(nameof(BufferPoolSetting))]
public class FrameReceivingWithABufferPoolTests
{
    [Fact]
    public void Frames_read_into_longer_pooled_arrays_arrive_whole_each_in_an_array_of_its_size()
    {
        BufferPool.SetBufferManagerBufferPool(1024 * 1024, 128 * 1024);
        try
        {
            using var pull = new PullSocket();
            pull.Bind(Loopback.AnyPort);
            using var push = new PushSocket();
            push.Connect(pull.Options.LastEndpoint!);

            FrameReceivingTests.AssertArrivesWhole(push, pull);
        }
        finally
        {
            BufferPool.SetGCBufferPool();
        }
    }
}
