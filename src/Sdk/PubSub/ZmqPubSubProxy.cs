using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Where many publishers and many subscribers meet at one pair of addresses (ZeroMQ's XSUB/XPUB proxy): publishers
/// connect to <see cref="PublisherEndpoint"/> (a <see cref="ZmqPublisher"/> with <see cref="ZmqPublisherOptions.Connect"/>,
/// or a pyzmq PUB that connects), subscribers to <see cref="SubscriberEndpoint"/>. Messages go downstream unchanged, so
/// a <see cref="ZmqSubscriber"/> still tells the publishers apart by their ids and counts what it missed of each;
/// subscriptions (and flow-control acknowledgements) go upstream unchanged, so
/// <see cref="ZmqPublisher.WaitForSubscriberAsync{T}(CancellationToken)"/> works through it.
/// </summary>
/// <remarks>
/// The proxy keeps nothing: a message that no subscriber has asked for is dropped, as a publisher drops it, and one for a
/// subscriber that is <see cref="ZmqSocketOptions.SendHighWatermark"/> messages behind is dropped by ZeroMQ (that
/// subscriber counts it as missed). <see cref="MessagesDropped"/> counts what the proxy itself could not pass on.
/// Thread-safe.
/// </remarks>
public sealed class ZmqPubSubProxy : IZmqEndpoint
{
    private const int ReceiveBatch = 256;

    private readonly ILogger _logger;
    private readonly SocketLoop _publishers;
    private readonly SocketLoop _subscribers;
    private readonly LoopForwarding _downstream;
    private readonly LoopForwarding _upstream;
    private readonly EndpointLifetime _lifetime;
    private long _forwarded;
    private long _dropped;
    private long _upstreamForwarded;

    /// <summary>Binds both endpoints and starts forwarding.</summary>
    /// <param name="publisherEndpoint">The endpoint publishers connect to (an XSUB socket binds it), such as <c>tcp://*:5556</c>.</param>
    /// <param name="subscriberEndpoint">The endpoint subscribers connect to (an XPUB socket binds it), such as <c>tcp://*:5557</c>.</param>
    /// <param name="options">High-water marks, linger, limits and logger; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ZmqException">An endpoint could not be bound, or NetMQ has no room for the proxy's sockets (<c>NetMQConfig.MaxSockets</c>).</exception>
    public ZmqPubSubProxy(string publisherEndpoint, string subscriberEndpoint, ZmqPubSubProxyOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(publisherEndpoint);
        ArgumentException.ThrowIfNullOrEmpty(subscriberEndpoint);
        options = ZmqSocketOptions.Validated(options);
        _logger = options.ContainedLogger();
        PublisherEndpoint = publisherEndpoint;
        SubscriberEndpoint = subscriberEndpoint;
        _subscribers = new SocketLoop(nameof(ZmqPubSubProxy), options.NewSocket(nameof(ZmqPubSubProxy), static () => new XPublisherSocket(), options.Linger), Upstream, (_, error) => OnDropped(error, SubscriberEndpoint, "subscriber"), logger: _logger);
        _publishers = _subscribers.DisposeIfFails(() => new SocketLoop(nameof(ZmqPubSubProxy), options.NewSocket(nameof(ZmqPubSubProxy), static () => new XSubscriberSocket(), linger: TimeSpan.Zero), Downstream, (_, error) => OnDropped(error, PublisherEndpoint, "publisher"), logger: _logger));
        _downstream = new LoopForwarding(_subscribers);
        _upstream = new LoopForwarding(_publishers);
        (PublisherEndpoint, SubscriberEndpoint) = SocketLoop.BindBoth(_publishers, publisherEndpoint, _subscribers, subscriberEndpoint);

        _lifetime = new EndpointLifetime(nameof(ZmqPubSubProxy), StartLoops, StopAsync);
        _lifetime.Start();
    }

    /// <summary>The address bound for publishers.</summary>
    public string PublisherEndpoint { get; }

    /// <summary>The address bound for subscribers.</summary>
    public string SubscriberEndpoint { get; }

    /// <summary>How many messages the proxy has passed from publishers to subscribers.</summary>
    public long MessagesForwarded => Interlocked.Read(ref _forwarded);

    /// <summary>How many messages, either way, the proxy could not hand on (logged); ZeroMQ's drops at a slow subscriber are counted there, as missed.</summary>
    public long MessagesDropped => Interlocked.Read(ref _dropped);

    /// <summary>How many subscriptions, unsubscriptions and acknowledgements the proxy has passed from subscribers to publishers.</summary>
    public long UpstreamForwarded => Interlocked.Read(ref _upstreamForwarded);

    /// <summary>Does nothing more: the constructor bound the proxy and started it. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The proxy was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the proxy is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The proxy was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Stops taking messages from publishers and closes; the subscriber side goes on delivering what it took for
    /// <see cref="ZmqPubSubProxyOptions.Linger"/>. Returns once both endpoints are free for another bind; calling it again
    /// returns the same task.
    /// </summary>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private void StartLoops()
    {
        _subscribers.Start();
        _publishers.Start();
    }

    /// <summary>
    /// Stops reading on both sides, passes on what was read and not sent yet (a publisher's last messages, a subscriber's
    /// last unsubscription, still waiting for the thread pool on a busy machine), then closes: what the proxy took before
    /// the stop goes on instead of being counted as dropped.
    /// </summary>
    private Task StopAsync()
    {
        _publishers.StopReceiving();
        _subscribers.StopReceiving();
        _downstream.Flush();
        _upstream.Flush();
        _publishers.Dispose();
        _subscribers.Dispose();
        return Task.CompletedTask;
    }

    private bool Downstream(NetMQSocket socket) => Forward(socket, _downstream, ref _forwarded);

    private bool Upstream(NetMQSocket socket) => Forward(socket, _upstream, ref _upstreamForwarded);

    /// <summary>Forwards up to a batch of messages; returns whether it left some unread.</summary>
    private static bool Forward(NetMQSocket from, LoopForwarding to, ref long count)
    {
        for (var i = 0; i < ReceiveBatch; i++)
        {
            NetMQMessage? message = null;
            if (!FrameReceiving.TryReceiveMessage(from, ref message))
            {
                return false;
            }

            to.Add(message);
            Interlocked.Increment(ref count);
        }

        return true;
    }

    /// <summary>A message the proxy could not hand to the socket of <paramref name="side"/>, bound at <paramref name="endpoint"/>: messages go to subscribers, subscriptions to publishers.</summary>
    private void OnDropped(Exception? error, string endpoint, string side)
    {
        Interlocked.Increment(ref _dropped);
        Log.ProxyDropped(_logger, error, endpoint, side);
    }
}
