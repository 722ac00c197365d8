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

    /// <summary>A DEALER connected to <paramref name="endpoint"/>, as RFC 7 makes clients and workers.</summary>
    public static DealerSocket Connect(string endpoint)
    {
        var socket = new DealerSocket();
        socket.Options.Linger = TimeSpan.Zero;
        socket.Connect(endpoint);
        return socket;
    }

    /// <summary>A worker that has sent READY for <paramref name="service"/>.</summary>
    public static DealerSocket ReadyWorker(string endpoint, string service)
    {
        var worker = Connect(endpoint);
        worker.SendFrames([], Worker, Ready, RawPeer.Utf8(service));
        return worker;
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
