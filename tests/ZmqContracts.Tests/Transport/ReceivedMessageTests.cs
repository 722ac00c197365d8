using System;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Transport;

public class ReceivedMessageTests
{
    [Fact]
    public void Messages_of_one_and_two_frames_are_read_without_a_message_and_longer_ones_whole()
    {
        using var pull = new PullSocket();
        pull.Bind(Loopback.AnyPort);
        using var push = new PushSocket();
        push.Connect(pull.Options.LastEndpoint!);
        push.SendFrame([1]);
        push.SendMoreFrame([2]).SendFrame([3, 4]);
        push.SendMoreFrame([5]).SendMoreFrame([6]).SendFrame([7]);

        var one = Receive(pull);
        Assert.Equal([1], one.First.ToByteArray());
        Assert.Null(one.Second);
        Assert.Null(one.Whole);
        Assert.Equal([[1]], Frames(one.ToMessage()));

        var two = Receive(pull);
        Assert.Equal([2], two.First.ToByteArray());
        Assert.Equal([3, 4], two.Second);
        Assert.Null(two.Whole);
        Assert.Equal([[2], [3, 4]], Frames(two.ToMessage()));

        var three = Receive(pull);
        Assert.Equal([5], three.First.ToByteArray());
        Assert.Equal([6], three.Second);
        Assert.Equal([[5], [6], [7]], Frames(three.Whole!));
        Assert.Same(three.Whole, three.ToMessage());

        Assert.False(ReceivedMessage.TryReceive(pull, out _));
    }

    private static ReceivedMessage Receive(PullSocket pull)
    {
        // Wait for the message's arrival on the socket itself, then read it the way the throttle does.
        Assert.True(pull.Poll(PollEvents.PollIn, Within.Timeout) == PollEvents.PollIn, "the message did not arrive");
        Assert.True(ReceivedMessage.TryReceive(pull, out var received));
        return received;
    }

    private static byte[][] Frames(NetMQMessage message)
    {
        var frames = new byte[message.FrameCount][];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = message[i].ToByteArray();
        }

        return frames;
    }
}
