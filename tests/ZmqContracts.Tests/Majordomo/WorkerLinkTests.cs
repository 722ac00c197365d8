using NetMQ;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using static ZmqContracts.Tests.Majordomo.RawMajordomo;

namespace ZmqContracts.Tests.Majordomo;

/// <summary>What makes a server an MDP worker, seen from a broker that is a bare ROUTER.</summary>
public class WorkerLinkTests
{
    /// <summary>
    /// A server's DISCONNECT and the broker's answer to what the server sent after it (a refusal, as a REPLY from a
    /// worker it no longer knows, gets DISCONNECT from RFC 7's broker) can cross while the server closes.
    /// </summary>
    [Fact]
    public void A_link_that_sent_DISCONNECT_does_not_register_again_when_the_broker_sends_one()
    {
        var log = new ListLogger();
        using var router = new RouterSocket();
        var endpoint = $"tcp://127.0.0.1:{router.BindRandomPort("tcp://127.0.0.1")}";
        var dealer = new DealerSocket();
        dealer.Connect(endpoint);
        using var loop = new SocketLoop("test", dealer, onReceiveReady: null, (_, _) => { });
        loop.Start();
        var link = new MajordomoWorkerLink(loop, endpoint, "Ledger", "Ledger", new ZmqServerOptions { ViaBroker = true, Logger = log });
        link.Start();
        Assert.Equal(Ready, router.ReceiveFrames()[3]);

        link.Disconnect();
        Assert.Equal(Disconnect, router.ReceiveSkippingHeartbeatsFromWorker()[3]);
        loop.RunOnLoop(_ => link.Receive(new NetMQMessage([[], Worker, Disconnect])));

        Assert.DoesNotContain(log.Entries, entry => entry.Id.Id == 310);
    }
}
