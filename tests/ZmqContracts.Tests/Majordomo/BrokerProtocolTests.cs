using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.Majordomo.RawMajordomo;

namespace ZmqContracts.Tests.Majordomo;

/// <summary>
/// <see cref="ZmqBroker"/> against clients and workers written by hand from RFC 7 and RFC 8: every frame on the wire as
/// the specifications write it, heartbeats and liveness, DISCONNECT for what the broker did not ask for, and mmi.service.
/// </summary>
public class BrokerProtocolTests
{
    /// <summary>
    /// Heartbeats often enough for a test to see a silent worker dropped soon, with a liveness long enough that a live
    /// worker written on the test's thread (answering heartbeats only while it waits for a request) is not taken for dead
    /// on a loaded machine.
    /// </summary>
    private static readonly ZmqBrokerOptions Fast = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(100), HeartbeatLiveness = 10 };

    [Fact]
    public async Task A_REQUEST_reaches_a_READY_worker_as_RFC7_writes_it_and_the_REPLY_reaches_the_client_with_its_body_intact()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        using var client = Connect(broker.Endpoint);
        using var worker = ReadyWorker(broker.Endpoint, "echo");

        // Sent before or after the READY arrives: a request for a service without a worker waits for one (RFC 7).
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("part 1"), RawPeer.Utf8("part 2"));

        var request = worker.ReceiveSkippingHeartbeats();
        Assert.Equal(7, request.Count);
        Assert.Empty(request[0]);
        Assert.Equal(Worker, request[1]);
        Assert.Equal(Request, request[2]);
        Assert.NotEmpty(request[3]);
        Assert.Empty(request[4]);
        Assert.Equal(["part 1", "part 2"], new[] { Encoding.UTF8.GetString(request[5]), Encoding.UTF8.GetString(request[6]) });

        worker.SendFrames([], Worker, Reply, request[3], [], RawPeer.Utf8("answer 1"), RawPeer.Utf8("answer 2"));
        var reply = client.ReceiveFrames();
        Assert.Equal(5, reply.Count);
        Assert.Empty(reply[0]);
        Assert.Equal(Client, reply[1]);
        Assert.Equal("echo", Encoding.UTF8.GetString(reply[2]));
        Assert.Equal("answer 1", Encoding.UTF8.GetString(reply[3]));
        Assert.Equal("answer 2", Encoding.UTF8.GetString(reply[4]));
    }

    [Fact]
    public async Task Requests_go_to_the_worker_that_has_waited_longest_and_a_busy_worker_gets_no_second_request()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        using var client = Connect(broker.Endpoint);
        using var first = ReadyWorker(broker.Endpoint, "echo");
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("one"));
        var one = first.ReceiveSkippingHeartbeats();

        using var second = ReadyWorker(broker.Endpoint, "echo");
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("two"));
        var two = second.ReceiveSkippingHeartbeats();
        Assert.Equal("two", Encoding.UTF8.GetString(two[5]));

        // Both are busy now: the third request waits until one replies, and goes to that one.
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("three"));
        second.SendFrames([], Worker, Reply, two[3], [], RawPeer.Utf8("2"));
        Assert.Equal("2", Encoding.UTF8.GetString(client.ReceiveFrames()[3]));
        Assert.Equal("three", Encoding.UTF8.GetString(second.ReceiveSkippingHeartbeats()[5]));
        first.SendFrames([], Worker, Reply, one[3], [], RawPeer.Utf8("1"));
        Assert.Equal("1", Encoding.UTF8.GetString(client.ReceiveFrames()[3]));
    }

    [Fact]
    public async Task Service_names_that_are_not_UTF8_are_told_apart_by_their_bytes_and_each_REPLY_names_its_service_as_sent()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        using var client = Connect(broker.Endpoint);

        // Neither byte is UTF-8: as text both would read as U+FFFD, one service, and a REPLY would name it EF BF BD.
        byte[][] services = [[0xFE], [0xFF]];
        using var feWorker = Connect(broker.Endpoint);
        using var ffWorker = Connect(broker.Endpoint);
        feWorker.SendFrames([], Worker, Ready, services[0]);
        ffWorker.SendFrames([], Worker, Ready, services[1]);

        foreach (var (service, worker) in new[] { (services[1], ffWorker), (services[0], feWorker) })
        {
            var name = Convert.ToHexString(service);
            client.SendFrames([], Client, service, RawPeer.Utf8("for " + name));
            var request = worker.ReceiveSkippingHeartbeats();
            Assert.Equal("for " + name, Encoding.UTF8.GetString(request[5]));
            worker.SendFrames([], Worker, Reply, request[3], [], RawPeer.Utf8("from " + name));

            var reply = client.ReceiveFrames();
            Assert.Equal(service, reply[2]);
            Assert.Equal("from " + name, Encoding.UTF8.GetString(reply[3]));
        }
    }

    [Fact]
    public async Task Mmi_service_answers_200_for_a_service_with_a_worker_404_for_one_without_and_501_for_other_mmi_services()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();
        using var client = Connect(broker.Endpoint);
        using var worker = ReadyWorker(broker.Endpoint, "echo");

        // A round trip through the worker shows that its READY has arrived.
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("hello"));
        var request = worker.ReceiveSkippingHeartbeats();
        worker.SendFrames([], Worker, Reply, request[3], [], RawPeer.Utf8("hello"));
        client.ReceiveFrames();

        Assert.Equal("200", client.Lookup("echo"));
        Assert.Equal("404", client.Lookup("nobody"));
        Assert.Equal("501", Encoding.UTF8.GetString(Assert.Single(client.Call("mmi.workers", "echo"))));
    }

    [Fact]
    public async Task When_the_broker_is_full_a_request_for_a_served_service_takes_the_place_of_one_for_a_service_nobody_serves()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { MaxQueuedRequests = 2 }).Started();
        using var client = Connect(broker.Endpoint);
        using var worker = ReadyWorker(broker.Endpoint, "echo");
        client.LookUntil("echo", "200");

        // One connection keeps order: "first" keeps the worker busy, two requests for nobody fill the broker, "second" must still get in.
        foreach (var (service, body) in new[] { ("echo", "first"), ("nobody", "a"), ("nobody", "b"), ("echo", "second") })
        {
            client.SendFrames([], Client, RawPeer.Utf8(service), RawPeer.Utf8(body));
        }

        var first = worker.ReceiveSkippingHeartbeats();
        Assert.Equal("first", Encoding.UTF8.GetString(first[5]));
        worker.SendFrames([], Worker, Reply, first[3], [], RawPeer.Utf8("1"));
        Assert.Equal("1", Encoding.UTF8.GetString(client.ReceiveFrames()[3]));
        Assert.Equal("second", Encoding.UTF8.GetString(worker.ReceiveSkippingHeartbeats()[5]));
    }

    [Fact]
    public async Task When_the_broker_is_full_a_request_a_waiting_worker_takes_at_once_is_neither_refused_nor_pushes_another_out()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { MaxQueuedRequests = 1 }).Started();
        using var client = Connect(broker.Endpoint);
        using var idle = ReadyWorker(broker.Endpoint, "echo");
        client.LookUntil("echo", "200");

        // "waiting" fills the broker; "at once" goes straight to the idle worker, which a full broker used to refuse it.
        client.SendFrames([], Client, RawPeer.Utf8("later"), RawPeer.Utf8("waiting"));
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("at once"));
        Assert.Equal("at once", Encoding.UTF8.GetString(idle.ReceiveSkippingHeartbeats()[5]));

        // And "waiting" was not dropped to make room for it: its worker, come late, gets it.
        using var late = ReadyWorker(broker.Endpoint, "later");
        Assert.Equal("waiting", Encoding.UTF8.GetString(late.ReceiveSkippingHeartbeats()[5]));
    }

    [Fact]
    public async Task When_the_broker_is_full_requests_for_names_nobody_serves_leave_no_service_behind()
    {
        const int MaxQueued = 3;
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions
        {
            MaxQueuedRequests = MaxQueued,
            HeartbeatInterval = TimeSpan.FromMinutes(10),
        }).Started();
        using var client = Connect(broker.Endpoint);

        // A name of its own each, as a peer that floods the broker would; the heartbeat, which forgets empty services, does not come.
        for (var i = 0; i < 300; i++)
        {
            client.SendFrames([], Client, RawPeer.Utf8($"nobody {i}"), RawPeer.Utf8("x"));
        }

        // One connection keeps order: once the lookup is answered, every request before it was queued or dropped.
        client.LookUntil("nobody 299", "404");
        Assert.InRange(broker.ServiceCount, 1, MaxQueued);
    }

    [Fact]
    public async Task When_the_broker_is_full_the_request_that_makes_room_is_the_oldest_one_for_a_service_nobody_serves()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { MaxQueuedRequests = 2 }).Started();
        using var client = Connect(broker.Endpoint);

        // The broker learns "first" first: a worker serves it once and leaves.
        using (var once = ReadyWorker(broker.Endpoint, "first"))
        {
            client.LookUntil("first", "200");
            client.SendFrames([], Client, RawPeer.Utf8("first"), RawPeer.Utf8("served"));
            var served = once.ReceiveSkippingHeartbeats();
            once.SendFrames([], Worker, Reply, served[3], [], RawPeer.Utf8("done"));
            client.ReceiveFrames();
            once.SendFrames([], Worker, Disconnect);
            client.LookUntil("first", "404");
        }

        // Then "oldest" waits for "second", and "newer" for "first", which comes first in the broker's list.
        client.SendFrames([], Client, RawPeer.Utf8("second"), RawPeer.Utf8("oldest"));
        client.SendFrames([], Client, RawPeer.Utf8("first"), RawPeer.Utf8("newer"));
        using var echo = ReadyWorker(broker.Endpoint, "echo");
        client.LookUntil("echo", "200");
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("busy"));
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("makes room"));
        Assert.Equal("busy", Encoding.UTF8.GetString(echo.ReceiveSkippingHeartbeats()[5]));

        using var first = ReadyWorker(broker.Endpoint, "first");
        Assert.Equal("newer", Encoding.UTF8.GetString(first.ReceiveSkippingHeartbeats()[5]));
    }

    [Fact]
    public async Task Messages_and_requests_a_peer_keeps_sending_to_be_dropped_are_logged_once_each_and_then_counted_in_full()
    {
        const int Each = 200;
        var log = new Pipeline.ListLogger();
        var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { Logger = log, MaxQueuedRequests = 1 }).Started();
        await using (broker)
        {
            using var client = Connect(broker.Endpoint);
            for (var i = 0; i < Each; i++)
            {
                client.SendFrames([], RawPeer.Utf8("XXXX01"), RawPeer.Utf8("x"));
                client.SendFrames([], Client, RawPeer.Utf8("nobody"), RawPeer.Utf8("body"));
            }

            // One connection keeps order: the answer to the lookup comes after the broker has handled all of them.
            Assert.Equal("404", client.Lookup("nobody"));
        }

        // The first "nobody" waits (and is lost with the broker); each first drop is logged with its details, the rest counted.
        Assert.Single(log.Entries, entry => entry.Id.Id == 300);
        Assert.Single(log.Entries, entry => entry.Id.Id == 303);
        Assert.Equal((Each - 1) + (Each - 2), log.Values(306, "Count").Sum(count => (long)count!));
    }

    [Fact]
    public async Task A_worker_that_leaves_by_DISCONNECT_with_nothing_in_hand_is_logged_as_leaving_and_one_that_leaves_a_request_behind_is_warned_of()
    {
        var log = new Pipeline.ListLogger();
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { Logger = log }).Started();
        using var client = Connect(broker.Endpoint);
        using (var idle = ReadyWorker(broker.Endpoint, "echo"))
        {
            client.LookUntil("echo", "200");
            idle.SendFrames([], Worker, Disconnect);
            client.LookUntil("echo", "404");
        }

        using (var busy = ReadyWorker(broker.Endpoint, "echo"))
        {
            client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("left behind"));
            Assert.Equal("left behind", Encoding.UTF8.GetString(busy.ReceiveSkippingHeartbeats()[5]));
            busy.SendFrames([], Worker, Disconnect);
            client.LookUntil("echo", "404");
        }

        Assert.Equal([LogLevel.Information], log.Entries.Where(entry => entry.Id.Id == 305).Select(entry => entry.Level));
        Assert.EndsWith("; the request it was handling is dropped", Assert.Single(log.Entries, entry => entry.Id.Id == 302).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_broker_heartbeats_its_workers_and_drops_one_that_falls_silent_along_with_its_request_which_no_other_worker_ever_gets()
    {
        // Thirty intervals, not ten: the fresh worker below sends no heartbeat either, and must outlive a loaded machine's stalls.
        await using var broker = new ZmqBroker(Loopback.AnyPort, Fast with { HeartbeatLiveness = 30 }).Started();
        using var client = Connect(broker.Endpoint);
        using var silent = ReadyWorker(broker.Endpoint, "echo");
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("lost"));
        Assert.Equal("lost", Encoding.UTF8.GetString(silent.ReceiveSkippingHeartbeats()[5]));
        var heartbeat = silent.ReceiveFrames();
        Assert.Equal([[], Worker, Heartbeat], heartbeat);

        // The silent worker sends nothing: after thirty intervals the broker no longer lists it.
        client.LookUntil("echo", "404");

        using var fresh = ReadyWorker(broker.Endpoint, "echo");
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("next"));
        var next = fresh.ReceiveSkippingHeartbeats();
        Assert.Equal("next", Encoding.UTF8.GetString(next[5]));
        fresh.SendFrames([], Worker, Reply, next[3], [], RawPeer.Utf8("done"));
        Assert.Equal("done", Encoding.UTF8.GetString(client.ReceiveFrames()[3]));
    }

    [Fact]
    public async Task A_request_for_a_worker_whose_connection_is_gone_goes_to_the_next_waiting_worker_and_the_gone_one_is_deleted()
    {
        var log = new Pipeline.ListLogger();

        // No heartbeat in the test's time: the request, not a heartbeat, is what finds the connection gone.
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { Logger = log, HeartbeatInterval = TimeSpan.FromMinutes(10) }).Started();
        using var client = Connect(broker.Endpoint);

        // The worker that goes is also the client of requests waiting for service "probe": a reply to it that the broker
        // cannot deliver (logged) tells that the broker has found its connection gone.
        const int Probes = 1000;
        using (var gone = ReadyWorker(broker.Endpoint, "echo"))
        {
            for (var i = 0; i < Probes; i++)
            {
                gone.SendFrames([], Client, RawPeer.Utf8("probe"), RawPeer.Utf8("probe"));
            }

            // Answered after everything it sent before on the same connection: READY and the probes are at the broker.
            Assert.Equal("200", gone.Lookup("echo"));
        }

        using var next = ReadyWorker(broker.Endpoint, "echo");
        using var probe = ReadyWorker(broker.Endpoint, "probe");
        for (var replied = 0; ; replied++)
        {
            // The broker hands the next probe out after it has sent the reply before, so a reply it could not deliver is logged by now.
            var request = probe.ReceiveSkippingHeartbeats();
            if (log.Entries.Any(entry => entry.Id.Id == 304))
            {
                break;
            }

            Assert.True(replied < Probes - 1, $"The broker delivered {Probes - 1} replies to a client whose connection was closed.");
            probe.SendFrames([], Worker, Reply, request[3], [], RawPeer.Utf8("probe"));
        }

        // The gone worker has waited longest: the request goes to it first, cannot be sent, and goes to the next.
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("work"));
        var work = next.ReceiveSkippingHeartbeats();
        Assert.Equal("work", Encoding.UTF8.GetString(work[5]));
        next.SendFrames([], Worker, Reply, work[3], [], RawPeer.Utf8("done"));
        Assert.Equal("done", Encoding.UTF8.GetString(client.ReceiveFrames()[3]));

        Assert.EndsWith("; it was handling no request", Assert.Single(log.Entries, entry => entry.Id.Id == 302).Message, StringComparison.Ordinal);
        Assert.Contains("its connection is gone: a Request could not be sent to it", Assert.Single(log.Values(302, "Reason")) as string);
    }

    [Fact]
    public async Task A_worker_whose_connection_is_gone_is_deleted_at_the_first_heartbeat_the_broker_cannot_send_it_not_only_when_it_expires()
    {
        var log = new Pipeline.ListLogger();

        // Taken for dead after 100 s of silence: long after the test would fail without the heartbeat that cannot be sent.
        await using var broker = new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { Logger = log, HeartbeatInterval = TimeSpan.FromMilliseconds(100), HeartbeatLiveness = 1000 }).Started();
        using var client = Connect(broker.Endpoint);
        using (var gone = ReadyWorker(broker.Endpoint, "echo"))
        {
            Assert.Equal("200", gone.Lookup("echo"));
        }

        client.LookUntil("echo", "404");
        Assert.EndsWith("; it was handling no request", Assert.Single(log.Entries, entry => entry.Id.Id == 302).Message, StringComparison.Ordinal);
        Assert.Contains("its connection is gone: a Heartbeat could not be sent to it", Assert.Single(log.Values(302, "Reason")) as string);
    }

    [Fact]
    public async Task A_busy_worker_whose_queue_is_full_stays_registered_and_the_reply_it_was_computing_reaches_its_client()
    {
        var log = new Pipeline.ListLogger();

        // Heartbeats often enough to find the busy worker's queue full soon; it sends none of its own while it works, so
        // its liveness (a minute) outlasts the test.
        var options = new ZmqBrokerOptions { Logger = log, SendHighWatermark = 8, HeartbeatInterval = TimeSpan.FromMilliseconds(50), HeartbeatLiveness = 1200 };
        await using var broker = new ZmqBroker(Loopback.AnyPort, options).Started();
        using var client = Connect(broker.Endpoint);
        using var bulk = ReadyWorker(broker.Endpoint, "bulk");
        using var busy = ReadyWorker(broker.Endpoint, "slow", ReadsSlowly);
        var tag = MajordomoFrames.Tag(7);
        client.SendFrames([], Client, RawPeer.Utf8("slow"), RawPeer.Utf8("work"), tag);
        var work = busy.ReceiveSkippingHeartbeats();

        // It reads nothing more while it works, and the broker's next heartbeat finds its queue full.
        FillQueueTo(busy, bulk);
        await log.Logged("a Heartbeat could not be sent to it").Bound();
        Assert.DoesNotContain(log.Entries, entry => entry.Id.Id == 302);
        Assert.Equal("200", client.Lookup("slow"));

        busy.SendFrames([], Worker, Reply, work[3], [], RawPeer.Utf8("done"), tag);
        var reply = client.ReceiveFrames();
        Assert.Equal("done", Encoding.UTF8.GetString(reply[3]));
        Assert.Equal(tag, reply[4]);
        Assert.DoesNotContain(log.Entries, entry => entry.Id.Id == 302);
    }

    [Fact]
    public async Task A_waiting_worker_whose_queue_is_full_is_passed_over_not_deleted_and_gets_requests_again_after_its_next_heartbeat()
    {
        await using var full = await SlowEchoWorker.StartAsync();
        var (broker, client, slow, log) = (full.Broker, full.Client, full.Slow, full.Log);

        // The slow worker has waited longest: the request goes to it first, finds its queue full, and goes to the next.
        using var next = ReadyWorker(broker.Endpoint, "echo");
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("work"));
        var work = next.ReceiveSkippingHeartbeats();
        Assert.Equal("work", Encoding.UTF8.GetString(work[5]));
        Assert.Equal(Log.RequestPutBack, Assert.Single(log.Values(307, "Then")));
        Assert.DoesNotContain(log.Entries, entry => entry.Id.Id == 302);

        // While the next worker is busy, the slow one reads what waited for it and heartbeats, and so gets the next request.
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("again"));
        for (var read = 0; ; read++)
        {
            Assert.True(read <= 64, "The slow worker read all its queue held, and heartbeated after each message, but got no request.");
            slow.SendFrames([], Worker, Heartbeat);
            var message = slow.ReceiveFrames();
            if (message.Count == 6 && message[2].AsSpan().SequenceEqual(Request))
            {
                Assert.Equal("again", Encoding.UTF8.GetString(message[5]));
                break;
            }
        }

        next.SendFrames([], Worker, Reply, work[3], [], RawPeer.Utf8("done"));
        Assert.Equal("done", Encoding.UTF8.GetString(client.ReceiveFrames()[3]));
        Assert.DoesNotContain(log.Entries, entry => entry.Id.Id == 302);
    }

    [Fact]
    public async Task A_request_put_back_after_a_worker_could_not_take_it_is_served_before_those_that_came_after_it()
    {
        await using var full = await SlowEchoWorker.StartAsync();
        var (broker, client, log) = (full.Broker, full.Client, full.Log);

        // The first request goes to the only waiting worker, whose queue is full, and comes back; the next ones wait behind it.
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("first"));
        await log.Logged(Log.RequestPutBack).Bound();
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("second"));
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("third"));

        using var next = ReadyWorker(broker.Endpoint, "echo");
        foreach (var body in new[] { "first", "second", "third" })
        {
            var request = next.ReceiveSkippingHeartbeats();
            Assert.Equal(body, Encoding.UTF8.GetString(request[5]));
            next.SendFrames([], Worker, Reply, request[3], [], request[5]);
            Assert.Equal(body, Encoding.UTF8.GetString(client.ReceiveFrames()[3]));
        }
    }

    [Fact]
    public async Task A_worker_that_sends_what_the_broker_did_not_ask_for_gets_DISCONNECT()
    {
        await using var broker = new ZmqBroker(Loopback.AnyPort).Started();

        using var stranger = Connect(broker.Endpoint);
        stranger.SendFrames([], Worker, Heartbeat);
        Assert.Equal([[], Worker, Disconnect], stranger.ReceiveSkippingHeartbeats());

        using var twice = ReadyWorker(broker.Endpoint, "echo");
        twice.SendFrames([], Worker, Ready, RawPeer.Utf8("echo"));
        Assert.Equal([[], Worker, Disconnect], twice.ReceiveSkippingHeartbeats());

        using var unasked = ReadyWorker(broker.Endpoint, "echo");
        unasked.SendFrames([], Worker, Reply, RawPeer.Utf8("nobody"), [], RawPeer.Utf8("answer"));
        Assert.Equal([[], Worker, Disconnect], unasked.ReceiveSkippingHeartbeats());

        using var management = ReadyWorker(broker.Endpoint, "mmi.service");
        Assert.Equal([[], Worker, Disconnect], management.ReceiveSkippingHeartbeats());
    }

    [Fact]
    public async Task Disposing_the_broker_sends_its_workers_DISCONNECT_so_that_they_register_with_the_next_one_at_once()
    {
        var broker = new ZmqBroker(Loopback.AnyPort).Started();
        using var client = Connect(broker.Endpoint);
        using var worker = ReadyWorker(broker.Endpoint, "echo");
        client.SendFrames([], Client, RawPeer.Utf8("echo"), RawPeer.Utf8("hello"));
        var request = worker.ReceiveSkippingHeartbeats();
        worker.SendFrames([], Worker, Reply, request[3], [], RawPeer.Utf8("hello"));
        client.ReceiveFrames();

        await broker.DisposeAsync().Bound();
        Assert.Equal([[], Worker, Disconnect], worker.ReceiveSkippingHeartbeats());
    }

    /// <summary>
    /// A broker that heartbeats no one in a test's time (a request, not a heartbeat, finds a queue full), a client, and
    /// the only worker of service <c>echo</c>, which <see cref="ReadsSlowly"/> and whose queue at the broker is full.
    /// </summary>
    private sealed class SlowEchoWorker : IAsyncDisposable
    {
        private readonly DealerSocket _bulk;

        private SlowEchoWorker(ZmqBroker broker, Pipeline.ListLogger log)
        {
            Broker = broker;
            Log = log;
            Client = Connect(broker.Endpoint);
            _bulk = ReadyWorker(broker.Endpoint, "bulk");
            Slow = ReadyWorker(broker.Endpoint, "echo", ReadsSlowly);
        }

        public Pipeline.ListLogger Log { get; }

        public ZmqBroker Broker { get; }

        public DealerSocket Client { get; }

        public DealerSocket Slow { get; }

        public static async Task<SlowEchoWorker> StartAsync()
        {
            var log = new Pipeline.ListLogger();
            var options = new ZmqBrokerOptions { Logger = log, SendHighWatermark = 8, HeartbeatInterval = TimeSpan.FromMinutes(10) };
            var full = new SlowEchoWorker(new ZmqBroker(Loopback.AnyPort, options).Started(), log);
            try
            {
                full.Client.LookUntil("echo", "200");
                FillQueueTo(full.Slow, full._bulk);
                return full;
            }
            catch
            {
                await full.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            Slow.Dispose();
            _bulk.Dispose();
            Client.Dispose();
            await Broker.DisposeAsync();
        }
    }
}
