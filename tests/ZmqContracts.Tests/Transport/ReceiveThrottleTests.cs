using System;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Transport;

public class ReceiveThrottleTests
{
    [Fact]
    public async Task A_throttle_that_ran_out_of_places_reads_again_once_a_quarter_of_them_is_free()
    {
        const int Capacity = 8;
        var endpoint = $"inproc://throttle-{Guid.NewGuid():N}";
        var pull = new PullSocket();
        pull.Bind(endpoint);
        using var push = new PushSocket();
        push.Connect(endpoint);

        // Over inproc the frames are in the pull socket's queue as soon as they are sent: the first read finds them all.
        for (var i = 0; i < 20; i++)
        {
            push.SendFrame(BitConverter.GetBytes(i));
        }

        var taken = 0;
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ReceiveThrottle? throttle = null;
        using var loop = new SocketLoop("test", pull, socket => throttle!.Receive(socket, (ReceivedMessage message) =>
        {
            Assert.Null(message.Second);
            Assert.Null(message.Whole);
            if (Interlocked.Increment(ref taken) == Capacity)
            {
                full.TrySetResult();
            }

            return true;
        }), static (_, _) => { });
        throttle = new ReceiveThrottle(loop, Capacity);
        loop.Start();
        await full.Task.Bound();

        // Every place is held, so the loop has stopped reading; a release resumes it, and reads, on the releasing thread.
        throttle.Release();
        Assert.Equal(Capacity, Volatile.Read(ref taken));
        throttle.Release();
        Assert.Equal(Capacity + 2, Volatile.Read(ref taken));
    }
}
