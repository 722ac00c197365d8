using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Transport;

public class SocketLoopTests
{
    [Fact]
    public async Task Sends_that_wait_and_sends_that_do_not_mix_on_one_bounded_loop_and_every_message_arrives_in_order()
    {
        using var pull = new PullSocket();
        pull.Bind(Loopback.AnyPort);
        var push = new PushSocket();
        push.Connect(pull.Options.LastEndpoint!);
        var failures = 0;
        using var loop = new SocketLoop(push, onReceiveReady: null, (_, _) => Interlocked.Increment(ref failures), outboxCapacity: 2);
        loop.Start("socket loop test");

        for (var i = 0; i < 200; i++)
        {
            var message = new NetMQMessage([BitConverter.GetBytes(i)]);
            if (i % 2 == 0)
            {
                loop.Send(message);
            }
            else
            {
                await loop.SendAsync(message, CancellationToken.None).Bound();
            }
        }

        var received = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            Assert.True(pull.TryReceiveFrameBytes(Within.Timeout, out var frame), $"message {i} did not arrive");
            received.Add(BitConverter.ToInt32(frame));
        }

        Assert.Equal(System.Linq.Enumerable.Range(0, 200), received);
        Assert.Equal(0, failures);
    }
}
