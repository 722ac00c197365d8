using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Publishes <see cref="TopicAttribute"/> messages as <c>[topic][payload][position]</c> through an XPUB socket, which a
/// pyzmq SUB socket reads as it would a PUB socket's. Sees its subscribers' subscriptions, so that a program can
/// <see cref="WaitForSubscriberAsync{T}(CancellationToken)"/> instead of sleeping. Thread-safe.
/// </summary>
/// <remarks>
/// Each publisher has a random identity, and numbers the messages of each topic 1, 2, 3…; the position frame carries
/// both, so that a <see cref="ZmqSubscriber"/> detects and reports the messages it missed
/// (<see cref="ZmqSubscriber.MessagesMissed"/>). A message nobody has subscribed to is dropped, as ZeroMQ does (and
/// numbered all the same). What happens when a subscriber falls behind is
/// <see cref="ZmqPublisherOptions.SlowSubscribers"/>: dropped past the high-water mark (ZeroMQ's behaviour, the
/// default), or, in <see cref="SlowSubscriberMode.Wait"/> mode, nothing is dropped and publishing waits for the slowest
/// <see cref="ZmqSubscriber"/>.
/// </remarks>
public sealed class ZmqPublisher : IZmqEndpoint, IDisposable
{
    private readonly ZmqPublisherOptions _options;
    private readonly ILogger _logger;
    private readonly SocketLoop _loop;
    private readonly PublisherSender _sender;
    private readonly SubscriptionSet _subscriptions = new();
    private readonly PublisherFlow? _flow;
    private readonly EndpointLifetime _lifetime;

    /// <summary>Binds <paramref name="endpoint"/> (or connects to it, with <see cref="ZmqPublisherOptions.Connect"/>) and starts.</summary>
    /// <param name="endpoint">A ZeroMQ endpoint such as <c>tcp://127.0.0.1:5556</c>, or <c>tcp://127.0.0.1:*</c> to bind a free port.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ZmqException">The endpoint could not be bound or connected, or NetMQ has no room for another socket (<c>NetMQConfig.MaxSockets</c>).</exception>
    public ZmqPublisher(string endpoint, ZmqPublisherOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _options = ZmqSocketOptions.Validated(options);
        _logger = _options.ContainedLogger();

        var socket = _options.NewSocket(nameof(ZmqPublisher), static () => new XPublisherSocket(), _options.Linger);
        if (_options.SlowSubscribers == SlowSubscriberMode.Wait)
        {
            // Flow control bounds what waits for a subscriber; ZeroMQ's own limit would drop instead.
            socket.Options.SendHighWatermark = 0;
        }

        Endpoint = endpoint;
        _loop = new SocketLoop(nameof(ZmqPublisher), socket, ReadUpstream, (_, error) => Log.PublishFailed(_logger, error, Endpoint), putOffLooksOnATimer: true, logger: _logger);
        try
        {
            Endpoint = _options.Connect ? Connected(endpoint) : _loop.Bind(endpoint).Endpoint;
        }
        catch
        {
            _loop.Dispose();
            throw;
        }

        var publisherId = FlowFrames.NewId();
        _sender = new PublisherSender(_loop, publisherId, _options, Endpoint);
        if (_options.SlowSubscribers == SlowSubscriberMode.Wait)
        {
            _flow = new PublisherFlow(_sender, publisherId, _options.WaitWindow, _logger, Endpoint);
        }

        _lifetime = new EndpointLifetime(nameof(ZmqPublisher), () => _loop.Start(), Close);
        _lifetime.Start();
    }

    /// <summary>The endpoint: the address actually bound (with the port chosen for <c>*</c>), or the one connected to.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// Publishes <paramref name="message"/> under its topic: the calling thread hands it to the socket, and it completes
    /// once ZeroMQ has it. In <see cref="SlowSubscriberMode.Wait"/> mode it first waits while a subscriber is a window behind.
    /// Messages published one after the other from one caller arrive in that order.
    /// </summary>
    /// <exception cref="ZmqPayloadException">The serializer could not write the message.</exception>
    /// <exception cref="ZmqMessageTooLargeException">The message is larger than <see cref="ZmqSocketOptions.MaxMessageSize"/>; it was not published.</exception>
    /// <exception cref="ArgumentException">A property the topic is made of is null or empty, or holds a lone UTF-16 surrogate (half of a character), which the topic's UTF-8 cannot carry.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the message was not published.</exception>
    /// <exception cref="ObjectDisposedException">The publisher was disposed; the message was not published. A publish that throws never sent its message, so it is safe to retry elsewhere.</exception>
    public async ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : ITopicMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        _lifetime.ThrowIfDisposed();

        var topic = T.GetTopic(message);
        var destination = TopicDestination<T>.Instance;
        var started = MessagingDestination.Timestamp();
        var span = destination.StartSend(topic);
        try
        {
            var frames = new PublisherSender.Outgoing(
                TopicBytes<T>.Of(topic),
                PayloadFrames.Serialize(_options.SerializerFor(T.Serializer), message, new("{0} on {1}", typeof(T).Name, topic)),
                Trace: TraceContextFrame.For(span, _options.TraceContextFrame, frameCount: 2));
            MessageSizeLimit.ThrowIfOver(frames.Topic, _options.MaxMessageSize, new("the topic {1} of a {0}", typeof(T).Name, topic));
            MessageSizeLimit.ThrowIfOver(frames.Payload, _options.MaxMessageSize, new("the {0} on {1}", typeof(T).Name, topic));
            if (_flow is null)
            {
                _sender.Send(frames);
            }
            else
            {
                await _flow.SendAsync(frames, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            destination.EndSend(span, started, exception);
            throw;
        }

        destination.EndSend(span, started, error: null);
    }

    /// <summary>
    /// Completes once a subscriber receives some messages of <typeparamref name="T"/>; at once if one does already. A
    /// subscriber just disposed counts until the socket has handled the end of its connection (docs/pubsub.md).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    /// <exception cref="ObjectDisposedException">The publisher was disposed.</exception>
    public Task WaitForSubscriberAsync<T>(CancellationToken cancellationToken = default)
        where T : ITopicMessage<T> => WaitForSubscriberAsync(TopicFilter<T>.All, cancellationToken);

    /// <summary>
    /// Completes once a subscriber receives some of the messages <paramref name="filter"/> describes, such as one
    /// template instance (<c>Price.TopicFor("MSFT")</c>); at once if one does already. Messages published after it
    /// completes reach that subscriber. It cannot tell one subscriber of a prefix from another: the socket reports a
    /// prefix when its first subscriber subscribes, so while one subscriber of it is connected (or just disposed), a wait
    /// completes at once, whether or not a new one's subscription has arrived (docs/pubsub.md).
    /// </summary>
    /// <inheritdoc cref="WaitForSubscriberAsync{T}(CancellationToken)" path="/exception"/>
    public Task WaitForSubscriberAsync<T>(TopicFilter<T> filter, CancellationToken cancellationToken = default)
        where T : ITopicMessage<T>
    {
        ArgumentNullException.ThrowIfNull(filter);
        return _subscriptions.WaitAsync(prefix => filter.IsReachedBy(prefix), cancellationToken);
    }

    /// <summary>Does nothing more: the constructor bound (or connected) the publisher. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The publisher was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the publisher is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The publisher was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Stops publishing: publishes still waiting fail with an <see cref="ObjectDisposedException"/>, and the socket goes
    /// on delivering what it was handed for <see cref="ZmqPublisherOptions.Linger"/>. Returns without
    /// waiting for that, or for any subscriber, once the endpoint is free for another bind; a publisher that published
    /// within the last 200 ms first gives NetMQ the rest of them to write its last messages out (docs/guide.md, "Shutting
    /// down"). Calling it again does nothing.
    /// </summary>
    public void Dispose() => _lifetime.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private string Connected(string endpoint)
    {
        _loop.Connect(endpoint);
        return endpoint;
    }

    private async Task Close()
    {
        _flow?.Dispose();
        _subscriptions.Dispose();
        await _loop.CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Reads subscriptions and acknowledgements until the socket is empty, under the socket's lock.</summary>
    private bool ReadUpstream(NetMQSocket socket)
    {
        NetMQMessage? message = null;
        while (FrameReceiving.TryReceiveMessage(socket, ref message))
        {
            if (FlowFrames.TryReadSubscription(message[0], out var subscribe, out var prefix))
            {
                OnSubscription(subscribe, prefix.Span);
            }
            else if (_flow?.TryAcknowledge(message) != true)
            {
                Log.UnknownUpstreamMessage(_logger, Endpoint, message.FrameCount);
            }
        }

        return false;
    }

    private void OnSubscription(bool subscribe, ReadOnlySpan<byte> prefix)
    {
        if (FlowFrames.IsIdentityTopic(prefix))
        {
            var identity = Encoding.ASCII.GetString(prefix);
            if (subscribe)
            {
                _flow?.PeerJoined(identity);
            }
            else
            {
                _flow?.PeerLeft(identity);
            }

            return;
        }

        Log.SubscriptionChanged(_logger, Endpoint, subscribe ? "subscribed to" : "unsubscribed from", Encoding.UTF8.GetString(prefix));
        if (subscribe)
        {
            _subscriptions.Add(prefix);
        }
        else
        {
            _subscriptions.Remove(prefix);
        }
    }
}
