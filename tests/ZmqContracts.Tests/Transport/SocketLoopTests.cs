using System;
using System.Collections.Generic;
using System.Threading;
using System.Linq;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Transport;

public class SocketLoopTests
{
    [Fact]
    public async Task A_read_that_stops_at_the_end_of_a_batch_goes_on_and_one_that_emptied_the_socket_reads_what_comes_next()
    {
        var (pull, pushing) = InprocPipe.Open();
        using var push = pushing;
        var received = new List<int>();
        var arrived = new SemaphoreSlim(0);
        using var loop = new SocketLoop("test", pull, socket =>
        {
            // Two at most per read: a batch's end, with messages left.
            for (var i = 0; i < 2; i++)
            {
                if (!FrameReceiving.TryReceiveFrame(socket, out var frame, out _))
                {
                    return false;
                }

                received.Add(BitConverter.ToInt32(frame));
                arrived.Release();
            }

            return true;
        }, static (_, _) => { });

        // In the socket before it is read at all: one signal for the lot, which the first read takes.
        for (var i = 0; i < 9; i++)
        {
            push.SendFrame(BitConverter.GetBytes(i));
        }

        loop.Start();
        await Arrivals(arrived, 9);

        // The socket was read until it was empty: what comes now raises the signal again.
        for (var i = 9; i < 12; i++)
        {
            push.SendFrame(BitConverter.GetBytes(i));
        }

        await Arrivals(arrived, 3);
        loop.RunOnLoop(_ => Assert.Equal(Enumerable.Range(0, 12), received));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_idle_loop_reads_what_arrives_on_the_thread_pool_and_a_loop_for_calls_on_the_socket_engines_event_thread(bool forCalls)
    {
        var (pull, pushing) = InprocPipe.Open();
        using var push = pushing;
        var readOnThreadPool = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new SocketLoop("test", pull, socket =>
        {
            while (FrameReceiving.TryReceiveFrame(socket, out _, out _))
            {
                readOnThreadPool.TrySetResult(Thread.CurrentThread.IsThreadPoolThread);
            }

            return false;
        }, static (_, _) => { }, reads: forCalls ? SocketReads.EventThread : SocketReads.ThreadPool);

        // Start looks at once and finds nothing: what comes next is read where the mailbox signal is seen.
        loop.Start();
        push.SendFrame([1]);

        Assert.Equal(!forCalls, await readOnThreadPool.Task.WaitAsync(Within.Timeout));
    }

    /// <summary>Waits for <paramref name="count"/> messages to be read, each within the test's bound.</summary>
    private static async Task Arrivals(SemaphoreSlim arrived, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await arrived.WaitAsync(Within.Timeout), $"{count - i} of {count} messages were not read");
        }
    }

    [Fact]
    public async Task Sends_that_wait_and_sends_that_do_not_mix_on_one_bounded_loop_and_every_message_arrives_in_order()
    {
        using var pull = new PullSocket();
        pull.Bind(Loopback.AnyPort);
        var push = new PushSocket();
        push.Connect(pull.Options.LastEndpoint!);
        var failures = 0;
        using var loop = new SocketLoop("test", push, onReceiveReady: null, (_, _) => Interlocked.Increment(ref failures), outboxCapacity: 2);
        loop.Start();

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

    [Fact]
    public async Task Frames_sent_as_bytes_one_or_two_at_a_time_wait_for_room_like_messages_and_arrive_in_order_with_them()
    {
        using var pull = new PullSocket();
        pull.Options.ReceiveHighWatermark = 1;
        pull.Bind(Loopback.AnyPort);
        var push = new PushSocket();
        push.Options.SendHighWatermark = 1;
        push.Connect(pull.Options.LastEndpoint!);
        var failures = 0;
        using var loop = new SocketLoop("test", push, onReceiveReady: null, (_, _) => Interlocked.Increment(ref failures), outboxCapacity: 2);
        loop.Start();

        // 20 MB in all, more than the high-water marks, the outbox and the TCP buffers hold: the sends wait for the reads.
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var large = new byte[100_000];
                BitConverter.TryWriteBytes(large, i);
                await ((i % 3) switch
                {
                    0 => loop.SendAsync(large, next: null, CancellationToken.None),
                    1 => loop.SendAsync(large, [(byte)i], CancellationToken.None),
                    _ => loop.SendAsync(new NetMQMessage([BitConverter.GetBytes(i), [(byte)i]]), CancellationToken.None),
                });
            }
        });
        var received = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            Assert.True(pull.TryReceiveFrameBytes(Within.Timeout, out var frame, out var more), $"message {i} did not arrive");
            received.Add(BitConverter.ToInt32(frame));
            Assert.Equal(i % 3 != 0, more);
            if (more)
            {
                Assert.Equal([(byte)i], pull.ReceiveFrameBytes());
            }
        }

        await sending.Bound();
        Assert.Equal(Enumerable.Range(0, 200), received);
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task Messages_sent_from_many_threads_at_once_all_arrive_each_thread_s_in_its_order()
    {
        const int Threads = 4;
        const int PerThread = 5_000;
        using var pull = new PullSocket();
        pull.Bind(Loopback.AnyPort);
        var push = new PushSocket();
        push.Options.SendHighWatermark = Threads * PerThread;
        push.Connect(pull.Options.LastEndpoint!);
        var failures = 0;
        using var loop = new SocketLoop("test", push, onReceiveReady: null, (_, _) => Interlocked.Increment(ref failures));
        loop.Start();

        // Each burst races the poller emptying the outbox, which is when a missed doorbell would strand a message.
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(sender => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                loop.Send(new NetMQMessage([BitConverter.GetBytes(sender), BitConverter.GetBytes(i)]));
            }
        }))).Bound();

        var next = new int[Threads];
        for (var i = 0; i < Threads * PerThread; i++)
        {
            var message = new NetMQMessage();
            Assert.True(pull.TryReceiveMultipartMessage(Within.Timeout, ref message), $"only {i} of {Threads * PerThread} messages arrived");
            var sender = BitConverter.ToInt32(message[0].Buffer);
            Assert.Equal(next[sender]++, BitConverter.ToInt32(message[1].Buffer));
        }

        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task A_send_that_finds_the_socket_in_use_returns_at_once_and_its_message_goes_out_in_order_when_the_user_lets_go()
    {
        using var held = new HeldByARead();
        held.Hold();

        // Another thread's sends hand their messages over and return, without waiting for the read.
        await held.HandOverAsync(3);
        Assert.False(held.Peer.TryReceiveFrameBytes(TimeSpan.Zero, out _), "a message went out while another thread used the socket");

        // The read's end sends them, nothing else using the socket; a later send comes after them.
        held.LetGo();
        held.AssertArrived(0, 3);
        held.Loop.Send(new NetMQMessage([BitConverter.GetBytes(3)]));
        held.AssertArrived(3, 1);
        Assert.Equal(0, held.Failures);
    }

    [Fact]
    public async Task A_send_that_took_a_place_in_the_outbox_and_finds_the_socket_in_use_returns_at_once_and_goes_out_in_order()
    {
        using var held = new HeldByARead(outboxCapacity: 4);
        held.Hold();

        // Sends that wait for room, with room: they hand their messages over too, instead of waiting for the read.
        await held.HandOverAsync(3, takingPlaces: true);
        Assert.False(held.Peer.TryReceiveFrameBytes(TimeSpan.Zero, out _), "a message went out while another thread used the socket");

        held.LetGo();
        held.AssertArrived(0, 3);
        await held.Loop.SendAsync(BitConverter.GetBytes(3), next: null, CancellationToken.None).AsTask().Bound();
        held.AssertArrived(3, 1);
        Assert.Equal(0, held.Failures);
    }

    [Fact]
    public async Task What_was_handed_over_goes_out_before_what_a_later_use_of_the_socket_sends_itself()
    {
        // The read, still holding the socket once let go, uses it again to send a message itself.
        using var held = new HeldByARead(loop => loop.RunOnLoop(socket => socket.SendFrame(BitConverter.GetBytes(3))));
        held.Hold();
        await held.HandOverAsync(3);

        held.LetGo();
        held.AssertArrived(0, 4);
    }

    /// <summary>
    /// A loop on a PAIR socket whose read of its peer's message holds the socket until the test lets go, as a read of a
    /// long batch does, then runs <paramref name="thenWhileHolding"/> on the reading thread, still holding it.
    /// </summary>
    private sealed class HeldByARead : IDisposable
    {
        private readonly ManualResetEventSlim _reading = new();
        private readonly ManualResetEventSlim _letGo = new();
        private int _failures;

        public HeldByARead(Action<SocketLoop>? thenWhileHolding = null, int outboxCapacity = 0)
        {
            Peer.Bind(Loopback.AnyPort);
            var pair = new PairSocket();
            pair.Connect(Peer.Options.LastEndpoint!);
            Loop = new SocketLoop("test", pair, socket =>
            {
                while (FrameReceiving.TryReceiveFrame(socket, out _, out _))
                {
                    _reading.Set();
                    Assert.True(_letGo.Wait(Within.Timeout), "the test never let the socket go");
                    thenWhileHolding?.Invoke(Loop!);
                }

                return false;
            }, (_, _) => Interlocked.Increment(ref _failures), outboxCapacity);
            Loop.Start();
        }

        public PairSocket Peer { get; } = new();

        public SocketLoop Loop { get; }

        public int Failures => Volatile.Read(ref _failures);

        /// <summary>Sends the peer's message and waits until the read holds the socket.</summary>
        public void Hold()
        {
            Peer.SendFrame("read me");
            Assert.True(_reading.Wait(Within.Timeout), "the message was never read");
        }

        public void LetGo() => _letGo.Set();

        /// <summary>
        /// Sends the numbers 0 to <paramref name="count"/> - 1 from another thread, one message each; with
        /// <paramref name="takingPlaces"/>, each taking a place in the outbox (<see cref="SocketLoop.SendAsync(byte[], byte[], CancellationToken)"/>).
        /// </summary>
        public Task HandOverAsync(int count, bool takingPlaces = false) => Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                if (takingPlaces)
                {
                    await Loop.SendAsync(BitConverter.GetBytes(i), next: null, CancellationToken.None);
                }
                else
                {
                    Loop.Send(new ArraySegment<byte[]>([BitConverter.GetBytes(i)]));
                }
            }
        }).Bound();

        /// <summary>Asserts that the peer receives the numbers from <paramref name="first"/> on, <paramref name="count"/> of them, in order.</summary>
        public void AssertArrived(int first, int count)
        {
            for (var i = first; i < first + count; i++)
            {
                Assert.True(Peer.TryReceiveFrameBytes(Within.Timeout, out var frame), $"message {i} did not arrive");
                Assert.Equal(i, BitConverter.ToInt32(frame));
            }
        }

        public void Dispose()
        {
            _letGo.Set();
            Loop.Dispose();
            Peer.Dispose();
            _reading.Dispose();
            _letGo.Dispose();
        }
    }

    [Fact]
    public async Task Sends_waiting_for_a_place_get_one_in_the_order_they_came_and_a_cancelled_one_takes_none()
    {
        using var loop = new SocketLoop("test", new PushSocket(), onReceiveReady: null, static (_, _) => { }, outboxCapacity: 1);
        var endpoint = loop.Bind(Loopback.AnyPort).Endpoint;
        loop.Start();

        // No peer: the socket takes nothing, the first message keeps the one place, and the others wait for it in line.
        await loop.SendAsync(BitConverter.GetBytes(0), next: null, CancellationToken.None).Bound();
        var second = loop.SendAsync(BitConverter.GetBytes(1), next: null, CancellationToken.None).AsTask();
        using var cancelled = new CancellationTokenSource();
        var third = loop.SendAsync(BitConverter.GetBytes(2), next: null, cancelled.Token).AsTask();
        var fourth = loop.SendAsync(BitConverter.GetBytes(3), next: null, CancellationToken.None).AsTask();
        cancelled.Cancel();
        Assert.Equal(cancelled.Token, (await Assert.ThrowsAsync<OperationCanceledException>(() => third.Bound())).CancellationToken);
        Assert.False(second.IsCompleted || fourth.IsCompleted, "a send got a place the first message still held");

        using var pull = new PullSocket();
        pull.Connect(endpoint);
        await Task.WhenAll(second, fourth).Bound();
        await loop.SendAsync(BitConverter.GetBytes(4), next: null, CancellationToken.None).Bound();
        var received = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(pull.TryReceiveFrameBytes(Within.Timeout, out var frame), $"message {i} of 4 did not arrive");
            received.Add(BitConverter.ToInt32(frame));
        }

        Assert.Equal([0, 1, 3, 4], received);
    }

    [Fact]
    public async Task Disposing_the_loop_ends_every_send_waiting_for_a_place_and_every_later_one_with_the_owner_named()
    {
        var loop = new SocketLoop("TestProducer", new PushSocket(), onReceiveReady: null, static (_, _) => { }, outboxCapacity: 1);
        loop.Bind(Loopback.AnyPort);
        loop.Start();
        await loop.SendAsync(BitConverter.GetBytes(0), next: null, CancellationToken.None).Bound();

        // The disposal's last offer gives the first message's place back, to the first in line; the second gets none.
        var waiting = Enumerable.Range(1, 2).Select(i => loop.SendAsync(BitConverter.GetBytes(i), next: null, CancellationToken.None).AsTask()).ToList();
        loop.Dispose();
        waiting.Add(loop.SendAsync(BitConverter.GetBytes(3), next: null, CancellationToken.None).AsTask());

        foreach (var send in waiting)
        {
            Assert.Equal("TestProducer", (await Assert.ThrowsAsync<ObjectDisposedException>(() => send.Bound())).ObjectName);
        }
    }

    [Fact]
    public void A_message_sent_after_disposal_is_reported_as_failed_with_the_owner_named()
    {
        var failed = new List<(NetMQMessage Message, Exception? Error)>();
        var loop = new SocketLoop("TestClient", new DealerSocket(), onReceiveReady: null, (message, error) => failed.Add((message, error)));
        loop.Start();
        loop.Dispose();

        loop.Send(new ArraySegment<byte[]>([[1], [2]]));
        loop.Send(new NetMQMessage([new byte[] { 3 }]));

        Assert.Equal([[1, 2], [3]], failed.Select(failure => failure.Message.Select(frame => frame.Buffer[0]).ToArray()));
        Assert.All(failed, failure => Assert.Equal("TestClient", Assert.IsType<ObjectDisposedException>(failure.Error).ObjectName));
    }

    [Fact]
    public void A_disposed_loop_neither_binds_nor_connects_its_closed_socket()
    {
        var loop = new SocketLoop("TestServer", new RouterSocket(), onReceiveReady: null, static (_, _) => { });
        loop.Dispose();

        Assert.Equal("TestServer", Assert.Throws<ObjectDisposedException>(() => loop.Bind(Loopback.AnyPort)).ObjectName);
        Assert.Equal("TestServer", Assert.Throws<ObjectDisposedException>(() => loop.Connect("tcp://127.0.0.1:5555")).ObjectName);
    }

    [Fact]
    public void Detaching_before_start_frees_what_was_bound_and_drops_what_was_connected()
    {
        using var publisher = new XPublisherSocket();
        var port = publisher.BindRandomPort("tcp://127.0.0.1");
        using var loop = new SocketLoop("TestSubscriber", new XSubscriberSocket(), onReceiveReady: null, static (_, _) => { });
        var bound = loop.Bind(Loopback.AnyPort).Endpoint;
        loop.Connect($"tcp://127.0.0.1:{port}");

        // The subscription arriving is the sign that the connection is made.
        loop.Send(new NetMQMessage([new NetMQFrame([1, (byte)'t'])]));
        Assert.True(publisher.TryReceiveFrameBytes(Within.Timeout, out var subscription));
        Assert.Equal([1, (byte)'t'], subscription);

        // The port is free at once.
        loop.Detach();
        using (var next = new PullSocket())
        {
            next.Bind(bound);
        }

        // The connection's end is a handshake with the socket's own commands, which it takes once
        // started (as a second Start of an endpoint whose first failed does); then its subscription is dropped.
        loop.Start();
        Assert.True(publisher.TryReceiveFrameBytes(Within.Timeout, out var unsubscription));
        Assert.Equal([0, (byte)'t'], unsubscription);
    }

    [Fact]
    public void A_failure_callback_that_throws_costs_its_report_only_the_sender_and_the_later_sends_go_on()
    {
        // A PUSH socket with no peer refuses every message at once: each is reported to the failure callback, which throws
        // for the first, as a logging provider that fails makes a log call throw.
        var reported = new List<byte>();
        using var loop = new SocketLoop("test", new PushSocket(), onReceiveReady: null, (message, _) =>
        {
            reported.Add(message[0].Buffer[0]);
            if (reported.Count == 1)
            {
                throw new InvalidOperationException("a logging provider that fails");
            }
        });
        loop.Start();

        loop.Send(new NetMQMessage([new byte[] { 1 }]));
        loop.Send(new NetMQMessage([new byte[] { 2 }]));

        Assert.Equal([1, 2], reported);
    }

    [Fact]
    public async Task A_read_callback_that_throws_loses_the_socket_nothing_what_arrives_next_is_read()
    {
        var (pull, pushing) = InprocPipe.Open();
        using var push = pushing;
        var received = new List<int>();
        var arrived = new SemaphoreSlim(0);
        var log = new Pipeline.ListLogger();
        using var loop = new SocketLoop("test", pull, socket =>
        {
            while (FrameReceiving.TryReceiveFrame(socket, out var frame, out _))
            {
                var number = BitConverter.ToInt32(frame);
                received.Add(number);
                arrived.Release();
                if (number == 0)
                {
                    // After reading, as a bug in what handles what was read would throw.
                    throw new InvalidOperationException("a bug");
                }
            }

            return false;
        }, static (_, _) => { }, logger: log);
        loop.Start();

        push.SendFrame(BitConverter.GetBytes(0));
        await Arrivals(arrived, 1);
        for (var i = 1; i < 4; i++)
        {
            push.SendFrame(BitConverter.GetBytes(i));
        }

        await Arrivals(arrived, 3);
        loop.RunOnLoop(_ => Assert.Equal(Enumerable.Range(0, 4), received));

        // Lost work is told, never silent.
        var failure = Assert.Single(log.Entries, entry => entry.Id.Id == 23);
        Assert.Equal("a bug", failure.Exception?.Message);
    }

    [Fact]
    public async Task A_connection_callback_that_throws_costs_its_report_only_the_next_change_is_reported()
    {
        using var peer = new RouterSocket();
        var port = peer.BindRandomPort("tcp://127.0.0.1");
        var changes = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        using var loop = new SocketLoop("test", new DealerSocket(), onReceiveReady: null, static (_, _) => { });
        loop.WatchConnections(connected =>
        {
            changes.Writer.TryWrite(connected);
            if (connected)
            {
                throw new InvalidOperationException("a logging provider that fails");
            }
        });
        loop.Connect($"tcp://127.0.0.1:{port}");
        loop.Start();
        Assert.True(await changes.Reader.ReadAsync().AsTask().WaitAsync(Within.Timeout));

        peer.Dispose();

        Assert.False(await changes.Reader.ReadAsync().AsTask().WaitAsync(Within.Timeout));
    }
}
