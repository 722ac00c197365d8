using System;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Transport;

/// <summary><see cref="ZmqSocketOptions.MaxMessageSize"/>: what ZeroMQ does with a frame over the limit, measured.</summary>
public class MaxMessageSizeTests
{
    private const int Limit = 1_000;

    [Fact]
    public async Task A_frame_of_the_limit_is_served_a_frame_over_it_disconnects_its_peer_and_the_server_serves_the_others()
    {
        await using var served = ServedShapes.Start(new ZmqServerOptions { MaxMessageSize = Limit });
        using var dealer = new DealerSocket();
        using var monitor = new NetMQMonitor(dealer, $"inproc://max-message-size-{Guid.NewGuid():N}", SocketEvents.Disconnected);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.Disconnected += (_, _) => disconnected.TrySetResult();
        var monitoring = monitor.StartAsync();
        dealer.Connect(served.Server.Endpoint);

        // A message of many frames, each at the limit: the limit is per frame, not per message.
        dealer.SendFrames([1], [], new byte[Limit], new byte[Limit], new byte[Limit]);
        Assert.Equal("unknown-operation", ErrorCode(dealer.ReceiveFrames()[2..]));

        dealer.SendFrames([2], [], new byte[Limit + 1]);
        await disconnected.Task.Bound();

        Assert.Equal(new Sum(3), await served.Client.Add(new Operands(1, 2)).Bound());
        monitor.Stop();
        await monitoring.Bound();
    }

    [Fact]
    public void A_limit_that_is_not_positive_is_refused_with_the_option_named()
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => new ZmqSubscriber("tcp://127.0.0.1:1", new ZmqSubscriberOptions { MaxMessageSize = 0 }));
        Assert.Equal("MaxMessageSize", failure.ParamName);
    }
}
