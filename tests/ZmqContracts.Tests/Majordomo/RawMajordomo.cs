using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.Majordomo;

/// <summary>MDP/0.1 peers written by hand from RFC 7, frame by frame, on the test's thread.</summary>
internal static class RawMajordomo
{
    public static readonly byte[] Client = Encoding.ASCII.GetBytes("MDPC01");
    public static readonly byte[] Worker = Encoding.ASCII.GetBytes("MDPW01");
    public static readonly byte[] Ready = [1];
    public static readonly byte[] Request = [2];
    public static readonly byte[] Reply = [3];
    public static readonly byte[] Heartbeat = [4];
    public static readonly byte[] Disconnect = [5];

    /// <summary>How many replies of a MiB <see cref="FillQueueTo"/> has sent: more than a broker whose SendHighWatermark is 8 and a <see cref="ReadsSlowly"/> worker can hold between them.</summary>
    private const int FillingReplies = 32;

    /// <summary>A DEALER connected to <paramref name="endpoint"/>, as RFC 7 makes clients and workers, its options set by <paramref name="configure"/> first.</summary>
    public static DealerSocket Connect(string endpoint, Action<SocketOptions>? configure = null)
    {
        var socket = new DealerSocket();
        socket.Options.Linger = TimeSpan.Zero;
        configure?.Invoke(socket.Options);
        socket.Connect(endpoint);
        return socket;
    }

    /// <summary>A worker that has sent READY for <paramref name="service"/>.</summary>
    public static DealerSocket ReadyWorker(string endpoint, string service, Action<SocketOptions>? configure = null)
    {
        var worker = Connect(endpoint, configure);
        worker.SendFrames([], Worker, Ready, RawPeer.Utf8(service));
        return worker;
    }

    /// <summary>
    /// Options of a peer that reads slowly: room for one message, and before that a TCP buffer of its own size, which
    /// the kernel does not grow, so that what it does not read soon fills the broker's queue to it.
    /// </summary>
    public static void ReadsSlowly(SocketOptions options)
    {
        options.ReceiveHighWatermark = 1;
        options.ReceiveBuffer = 64 * 1024;
    }

    /// <summary>
    /// Fills the broker's queue to <paramref name="worker"/>, which <see cref="ReadsSlowly"/> and reads nothing meanwhile:
    /// it is also the client of service <c>bulk</c>, whose worker <paramref name="bulk"/> answers it with a MiB at a time,
    /// <see cref="FillingReplies"/> times. Returns once the broker has had all but the last, so the queue is full.
    /// </summary>
    public static void FillQueueTo(NetMQSocket worker, NetMQSocket bulk)
    {
        for (var i = 0; i < FillingReplies; i++)
        {
            worker.SendFrames([], Client, RawPeer.Utf8("bulk"), RawPeer.Utf8("fill"));
        }

        var large = new byte[1024 * 1024];
        for (var i = 0; i < FillingReplies; i++)
        {
            var request = bulk.ReceiveSkippingHeartbeats();
            bulk.SendFrames([], Worker, Reply, request[3], [], large);
        }
    }

    /// <summary>The next worker command other than HEARTBEAT, as frames; each HEARTBEAT is answered, as a live worker does.</summary>
    public static List<byte[]> ReceiveSkippingHeartbeats(this NetMQSocket worker)
    {
        // Bounded in time, not in heartbeats: a broker's heartbeats would keep a count of them going for hours.
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < Within.Timeout)
        {
            var frames = worker.ReceiveFrames();
            if (!(frames.Count == 3 && frames[2].AsSpan().SequenceEqual(Heartbeat)))
            {
                return frames;
            }

            worker.SendFrames([], Worker, Heartbeat);
        }

        throw new Xunit.Sdk.XunitException($"Only heartbeats for {Within.Timeout.TotalSeconds} s.");
    }

    /// <summary>At a broker's ROUTER: the next message from a worker other than HEARTBEAT, routing id first.</summary>
    public static List<byte[]> ReceiveSkippingHeartbeatsFromWorker(this RouterSocket broker)
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < Within.Timeout)
        {
            var frames = broker.ReceiveFrames();
            if (!(frames.Count == 4 && frames[3].AsSpan().SequenceEqual(Heartbeat)))
            {
                return frames;
            }
        }

        throw new Xunit.Sdk.XunitException($"Only heartbeats for {Within.Timeout.TotalSeconds} s.");
    }

    /// <summary>Calls <paramref name="service"/> with a one-frame body as an RFC 7 client and returns the reply body.</summary>
    public static List<byte[]> Call(this NetMQSocket client, string service, string body)
    {
        client.SendFrames([], Client, RawPeer.Utf8(service), RawPeer.Utf8(body));
        var reply = client.ReceiveFrames();
        Assert.True(reply.Count >= 4, $"a REPLY has at least 4 frames, not {reply.Count}");
        Assert.Empty(reply[0]);
        Assert.Equal(Client, reply[1]);
        Assert.Equal(service, Encoding.UTF8.GetString(reply[2]));
        return reply.GetRange(3, reply.Count - 3);
    }

    /// <summary>Asks the broker's mmi.service (RFC 8) whether <paramref name="service"/> has a worker: "200" or "404".</summary>
    public static string Lookup(this NetMQSocket client, string service) => Encoding.UTF8.GetString(Assert.Single(client.Call("mmi.service", service)));

    /// <summary>Asks mmi.service about <paramref name="service"/> again and again (each a round trip) until it answers <paramref name="answer"/>.</summary>
    public static void LookUntil(this NetMQSocket client, string service, string answer)
    {
        var waiting = Stopwatch.StartNew();
        while (client.Lookup(service) != answer)
        {
            Assert.True(waiting.Elapsed < Within.Timeout, $"mmi.service never answered {answer} for {service}");
        }
    }
}
