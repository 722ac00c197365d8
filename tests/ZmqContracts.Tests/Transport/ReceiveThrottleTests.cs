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
        var (pull, pushing) = InprocPipe.Open();
        using var push = pushing;

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

    [Fact]
    public async Task A_take_that_throws_gives_its_place_back_so_reading_goes_on()
    {
        var (pull, pushing) = InprocPipe.Open();
        using var push = pushing;
        var second = new TaskCompletionSource<byte>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        Func<ReceivedMessage, bool> take = message =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("a listener failed");
            }

            second.TrySetResult(message.First.Buffer[0]);
            return false;
        };
        ReceiveThrottle? throttle = null;
        using var loop = new SocketLoop("test", pull, socket => throttle!.Receive(socket, take), static (_, _) => { });

        // One place: had the throwing take kept it, the loop would never read the second message.
        throttle = new ReceiveThrottle(loop, capacity: 1);
        loop.Start();
        push.SendFrame([1]);
        push.SendFrame([2]);

        Assert.Equal(2, await second.Task.Bound());
    }

    [Fact]
    public async Task A_place_the_last_reading_takes_while_a_release_waits_for_the_socket_keeps_the_drain_open()
    {
        var (pull, pushing) = InprocPipe.Open();
        using var push = pushing;
        var taken = new SemaphoreSlim(0);
        Func<ReceivedMessage, bool> take = _ =>
        {
            taken.Release();
            return true;
        };
        ReceiveThrottle? throttle = null;
        using var loop = new SocketLoop("test", pull, socket => throttle!.Receive(socket, take), static (_, _) => { });
        throttle = new ReceiveThrottle(loop, capacity: 1);
        loop.Start();

        // Item A holds the only place: the loop has stopped reading for want of one.
        push.SendFrame([1]);
        Assert.True(await taken.WaitAsync(Within.Timeout));

        // The last reading holds the socket while it detaches; A's release, its place freed, waits for the socket to resume
        // reading; item B arrives, and the last reading takes it once detached.
        using var detaching = new ManualResetEventSlim();
        using var detached = new ManualResetEventSlim();
        var stopping = Task.Factory.StartNew(
            () => throttle.StopTakingTheRest(take, _ =>
            {
                detaching.Set();
                Assert.True(detached.Wait(Within.Timeout));
            }, limit: 10),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(detaching.Wait(Within.Timeout));
        var releasing = new Thread(throttle.Release);
        releasing.Start();
        Assert.True(SpinWait.SpinUntil(() => (releasing.ThreadState & ThreadState.WaitSleepJoin) != 0, Within.Timeout), "A's release did not wait for the socket");
        push.SendFrame([2]);
        detached.Set();
        await stopping.Bound();
        Assert.True(releasing.Join(Within.Timeout));
        Assert.True(await taken.WaitAsync(Within.Timeout));

        Assert.False(throttle.Drained.IsCompleted, "the drain completed while B held its place");
        throttle.Release();
        Assert.True(throttle.Drained.IsCompleted);
    }
}
