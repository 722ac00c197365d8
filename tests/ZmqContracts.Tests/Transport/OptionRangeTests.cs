using System;
using System.Linq;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Transport;

/// <summary>
/// Values that pass for numbers but that a timer, a NetMQ socket option or the handshake cannot take are refused by the
/// constructor, naming the option; and an endpoint keeps a copy of its options, so a later change to them reaches nothing.
/// </summary>
public class OptionRangeTests
{
    public static TheoryData<string, Func<object>> OutOfRange() => new()
    {
        // Task.Delay refused these at dispose, which then left the port bound.
        { "DrainTimeout", () => new ShapesServer(new Shapes(), Loopback.AnyPort, new ZmqServerOptions { DrainTimeout = TimeSpan.MaxValue }) },
        { "DrainTimeout", () => new WorkStageWorker(new TestWorkStage("w"), Loopback.FreeEndpoint(), Loopback.FreeEndpoint(), new ZmqWorkerOptions { DrainTimeout = TimeSpan.FromDays(60) }) },
        { "Linger", () => new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort, new ZmqProducerOptions { Linger = TimeSpan.FromDays(60) }) },

        // Under a millisecond the timer fired once: no heartbeat after the first, and the peer taken for gone.
        { "HeartbeatInterval", () => new ShapesServer(new Shapes(), Loopback.FreeEndpoint(), new ZmqServerOptions { ViaBroker = true, HeartbeatInterval = TimeSpan.FromTicks(1) }) },
        { "HeartbeatInterval", () => new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(0.5) }) },

        // The expiry overflowed in the broker's receive callback: no worker ever registered.
        { "HeartbeatLiveness", () => new ZmqBroker(Loopback.AnyPort, new ZmqBrokerOptions { HeartbeatInterval = TimeSpan.FromDays(1), HeartbeatLiveness = int.MaxValue }) },

        // ZeroMQ heartbeats: under a millisecond they were off; over a third of 24.8 days the timeout overflowed.
        { "HeartbeatInterval", () => new ShapesClient(Loopback.FreeEndpoint(), new ZmqClientOptions { HeartbeatInterval = TimeSpan.FromTicks(1) }) },
        { "HeartbeatInterval", () => new ZmqSubscriber(Loopback.FreeEndpoint(), new ZmqSubscriberOptions { HeartbeatInterval = TimeSpan.MaxValue }) },
        { "HeartbeatInterval", () => new ZmqPubSubProxy(Loopback.AnyPort, Loopback.AnyPort, new ZmqPubSubProxyOptions { HeartbeatInterval = TimeSpan.FromTicks(1) }) },

        // The worker's places overflowed to a negative count, and it took nothing.
        { "Prefetch", () => new WorkStageWorker(new TestWorkStage("w"), Loopback.FreeEndpoint(), Loopback.FreeEndpoint(), new ZmqWorkerOptions { Prefetch = int.MaxValue, MaxConcurrency = 2 }) },
        { "MaxConcurrency", () => new ShapesServer(new Shapes(), Loopback.AnyPort, new ZmqServerOptions { MaxConcurrency = int.MaxValue }) },
        { "MaxConcurrency", () => new WorkStageWorker(new TestWorkStage("w"), Loopback.FreeEndpoint(), Loopback.FreeEndpoint(), new ZmqWorkerOptions { MaxConcurrency = 100_001 }) },

        // ZeroMQ holds its handshake to the limit: every connection was refused, without a word.
        { "MaxMessageSize", () => new ShapesClient(Loopback.FreeEndpoint(), new ZmqClientOptions { MaxMessageSize = 40 }) },
        { "MaxMessageSize", () => new ShapesClient(Loopback.FreeEndpoint(), new ZmqClientOptions { MaxMessageSize = 256, Curve = ZmqCurve.Client(ZmqCurveKeyPair.Generate().PublicKey) }) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_value_out_of_range_is_refused_naming_the_option(string option, Func<object> create)
    {
        var failure = Assert.Throws<ArgumentOutOfRangeException>(create);

        Assert.Equal(option, failure.ParamName);
    }

    [Fact]
    public void Several_values_out_of_range_are_refused_together_each_named_once()
    {
        var options = new ZmqWorkerOptions { MaxConcurrency = 0, Prefetch = int.MaxValue, SendHighWatermark = -1, DrainTimeout = TimeSpan.Zero };

        var failure = Assert.Throws<ArgumentException>(() => new WorkStageWorker(new TestWorkStage("w"), Loopback.FreeEndpoint(), Loopback.FreeEndpoint(), options));

        // Prefetch is bounded by MaxConcurrency, which has no value to bound it with; SendHighWatermark is out of two ranges, and said once.
        Assert.StartsWith("3 options of ZmqWorkerOptions are out of range:", failure.Message, StringComparison.Ordinal);
        var problems = Assert.IsType<AggregateException>(failure.InnerException).InnerExceptions.Cast<ArgumentException>();
        Assert.Equal(["SendHighWatermark", "MaxConcurrency", "DrainTimeout"], problems.Select(problem => problem.ParamName));
        Assert.All(problems, problem => Assert.Contains(problem.Message, failure.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_smallest_message_size_still_lets_the_handshake_through(bool curve)
    {
        var serverKeys = ZmqCurveKeyPair.Generate();
        var smallest = curve ? ZmqSocketOptions.SmallestCurveMaxMessageSize : ZmqSocketOptions.SmallestMaxMessageSize;
        await using var served = ServedShapes.Start(
            new ZmqServerOptions { Curve = curve ? ZmqCurve.Server(serverKeys) : null, MaxMessageSize = smallest },
            new ZmqClientOptions { Curve = curve ? ZmqCurve.Client(serverKeys.PublicKey) : null, MaxMessageSize = smallest });

        Assert.Equal("small", await served.Client.Echo("small").Bound());
    }

    [Fact]
    public async Task A_change_to_the_options_after_the_constructor_reaches_nothing()
    {
        var options = new ZmqServerOptions();
        var server = new ShapesServer(new Shapes(), Loopback.AnyPort, options);
        server.Start();
        var endpoint = server.Endpoint;
        options.DrainTimeout = TimeSpan.FromSeconds(-5);

        // The server drains with its own copy: the dispose neither throws nor leaves the port bound.
        await server.DisposeAsync().Bound();
        using var rebind = new RouterSocket();
        rebind.Bind(endpoint);
    }
}
