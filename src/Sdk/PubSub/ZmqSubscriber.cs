using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Receives <see cref="TopicAttribute"/> messages from one or more publishers (a <see cref="ZmqPublisher"/>, a pyzmq PUB
/// socket, an XPUB proxy) through one socket. Any number of enumerations, of any message types, may run at once; each
/// gets exactly the topics it asked for. Thread-safe.
/// </summary>
/// <remarks>
/// <para><c>Subscribe</c> subscribes when it is called, and its enumeration unsubscribes when it ends, unless another
/// enumeration still needs the same subscription. Each holds up to <see cref="ZmqSubscriberOptions.BufferCapacity"/>
/// messages for its consumer; when one is full, the subscriber stops reading its socket until there is room, so a slow
/// consumer slows everything down instead of losing messages here (ZeroMQ then queues, and a publisher in the default
/// mode drops past its high-water mark).</para>
/// <para>A message whose payload cannot be read is counted in <see cref="Statistics"/>, logged and skipped; the
/// enumeration goes on. A flood of them (a publisher of another format) is logged at most once per topic every ten
/// seconds, each warning with the number of messages it stands for; so are malformed messages.</para>
/// <para>Loss is never silent: a <see cref="ZmqPublisher"/> numbers the messages of each topic, and the numbers that never
/// arrive are counted (<see cref="ZmqSubscriberStatistics.Missed"/>), logged and reported by <see cref="MessagesMissed"/>.</para>
/// </remarks>
public sealed class ZmqSubscriber : IZmqEndpoint, IDisposable
{
    private readonly ZmqSubscriberOptions _options;
    private readonly ILogger _logger;
    private readonly SocketLoop _loop;
    private readonly byte[] _identityTopic = FlowFrames.IdentityTopic(FlowFrames.NewId());
    private readonly CancellationTokenSource _disposing = new();
    private readonly object _gate = new();
    private readonly EndpointLifetime _lifetime;
    private readonly Dictionary<string, int> _subscriptionUsers = new(StringComparer.Ordinal);
    private readonly SequenceChecker _sequences;
    private readonly RepeatedWarnings _unreadable;
    private readonly RepeatedLog _malformed;
    private Enumeration[] _enumerations = [];
    private Task _notifications = Task.CompletedTask;
    private byte[] _lastTopic = [];
    private volatile bool _paused;
    private bool _disposed;

    /// <summary>Connects to a publisher at <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">A ZeroMQ endpoint such as <c>tcp://127.0.0.1:5556</c>.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ZmqException">The endpoint is not valid, or NetMQ has no room for another socket (<c>NetMQConfig.MaxSockets</c>).</exception>
    public ZmqSubscriber(string endpoint, ZmqSubscriberOptions? options = null)
        : this([endpoint], options)
    {
    }

    /// <summary>Connects to the publishers at every one of <paramref name="endpoints"/>; their messages are merged.</summary>
    /// <param name="endpoints">ZeroMQ endpoints such as <c>tcp://127.0.0.1:5556</c>.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ZmqException">An endpoint is not valid, or NetMQ has no room for another socket (<c>NetMQConfig.MaxSockets</c>).</exception>
    /// <exception cref="ArgumentException">No endpoint, an empty one, or one given twice.</exception>
    public ZmqSubscriber(IEnumerable<string> endpoints, ZmqSubscriberOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        Endpoints = endpoints.ToArray();
        if (Endpoints.Count == 0 || Endpoints.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A subscriber needs at least one endpoint, and no endpoint may be empty.", nameof(endpoints));
        }

        if (Endpoints.GroupBy(endpoint => endpoint, StringComparer.Ordinal).FirstOrDefault(same => same.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"The endpoint {twice.Key} is given more than once: ZeroMQ would connect to it as often, and deliver each of its messages as many times. Give each publisher's endpoint once.", nameof(endpoints));
        }

        _options = ZmqSocketOptions.Validated(options);
        _logger = _options.ContainedLogger();
        _malformed = new RepeatedLog((_, count) => Log.MalformedMessages(_logger, count, RepeatedWarnings.DefaultInterval));
        _unreadable = new RepeatedWarnings(RepeatedWarnings.DefaultInterval, (topic, count) => Log.UndeserializablePayloads(_logger, null, count, topic, RepeatedWarnings.DefaultInterval));
        _sequences = new SequenceChecker(_options.MaxTrackedStreams, Statistics, _logger, RaiseMessagesMissed);

        _loop = new SocketLoop(nameof(ZmqSubscriber), _options.NewSocket(nameof(ZmqSubscriber), static () => new XSubscriberSocket(), linger: TimeSpan.Zero), ReadMessages, (_, _) => { }, logger: _logger);
        _lifetime = new EndpointLifetime(nameof(ZmqSubscriber), Connect, Close);
        _lifetime.StartOrDispose();
    }

    /// <summary>The endpoints this subscriber connects to.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>What this subscriber has received and what became of it.</summary>
    public ZmqSubscriberStatistics Statistics { get; } = new();

    /// <summary>
    /// Raised, off the socket's thread and in order, each time the numbers of a topic's messages from a publisher jump:
    /// the messages in between were missed (dropped at the publisher past its high-water mark, or published while the
    /// connection was down). Also counted in <see cref="ZmqSubscriberStatistics.Missed"/> and logged. Only publishers
    /// that number their messages (<see cref="ZmqPublisher"/>) can be checked; see <see cref="ZmqSubscriberStatistics.Unnumbered"/>.
    /// </summary>
    public event EventHandler<ZmqMessagesMissedEventArgs>? MessagesMissed;

    /// <summary>Every message of <typeparamref name="T"/>, for as long as the enumeration runs.</summary>
    /// <inheritdoc cref="Subscribe{T}(TopicFilter{T}, CancellationToken)" path="/remarks"/>
    /// <inheritdoc cref="Subscribe{T}(TopicFilter{T}, CancellationToken)" path="/exception"/>
    public IAsyncEnumerable<T> Subscribe<T>(CancellationToken cancellationToken = default)
        where T : ITopicMessage<T> => Subscribe(TopicFilter<T>.All, cancellationToken);

    /// <summary>The messages <paramref name="filter"/> describes, such as one template instance (<c>Price.TopicFor("MSFT")</c>), for as long as the enumeration runs.</summary>
    /// <remarks>
    /// The subscription starts here, when <c>Subscribe</c> is called: the subscription is sent at once, so a publisher's
    /// <see cref="ZmqPublisher.WaitForSubscriberAsync{T}(TopicFilter{T}, CancellationToken)"/> that follows completes, and
    /// what arrives before the enumeration starts waits for it, within <see cref="ZmqSubscriberOptions.BufferCapacity"/>
    /// (past that, the subscriber stops reading its socket until the enumeration makes room). The subscription ends with
    /// the enumeration; for an enumerable that is never enumerated, with <paramref name="cancellationToken"/> or with the
    /// subscriber. A second enumeration of the same enumerable subscribes again when it starts. An enumeration ends by
    /// itself when the subscriber is disposed, and at its next message once <paramref name="cancellationToken"/> is
    /// cancelled, even while messages keep arriving.
    /// Messages published before the publisher saw the subscription are not received: a publisher waits for it with
    /// <see cref="ZmqPublisher.WaitForSubscriberAsync{T}(TopicFilter{T}, CancellationToken)"/>.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">
    /// The subscriber was disposed; also thrown by an enumeration that subscribes again after it was (a second one). The
    /// first enumeration of a subscription made before the dispose yields what arrived before it, then ends.
    /// </exception>
    /// <exception cref="OperationCanceledException">
    /// Thrown by the enumeration when <paramref name="cancellationToken"/>, or the enumeration's own token
    /// (<c>WithCancellation</c>), is cancelled; it carries the one cancelled, the enumeration's when both are.
    /// </exception>
    public IAsyncEnumerable<T> Subscribe<T>(TopicFilter<T> filter, CancellationToken cancellationToken = default)
        where T : ITopicMessage<T>
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new Subscription<T>(this, filter, cancellationToken);
    }

    /// <summary>
    /// Hands every message of <typeparamref name="T"/> to <paramref name="handler"/>, one at a time, until
    /// <paramref name="cancellationToken"/> is cancelled or the subscriber is disposed. A handler that throws is logged and
    /// counted in <see cref="ZmqSubscriberStatistics.HandlerFailures"/>, and the next message is handled as usual.
    /// </summary>
    public Task ConsumeAsync<T>(Func<T, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default)
        where T : ITopicMessage<T> => ConsumeAsync(TopicFilter<T>.All, handler, cancellationToken);

    /// <summary>
    /// Hands the messages <paramref name="filter"/> describes to <paramref name="handler"/>, one at a time, until
    /// <paramref name="cancellationToken"/> is cancelled or the subscriber is disposed. A handler that throws is logged and
    /// counted in <see cref="ZmqSubscriberStatistics.HandlerFailures"/>, and the next message is handled as usual.
    /// </summary>
    public async Task ConsumeAsync<T>(TopicFilter<T> filter, Func<T, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default)
        where T : ITopicMessage<T>
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(filter);
        try
        {
            var reader = new Reader<T>(this, Open(filter), cancellationToken, default, handled: true);
            try
            {
                var destination = TopicDestination<T>.Instance;
                while (await reader.MoveNextAsync().ConfigureAwait(false))
                {
                    // The handler runs in a Consumer span, a child of the publisher's span when the message carried its trace frame.
                    var started = MessagingDestination.Timestamp();
                    var span = destination.StartConsumer(SemanticConventions.ProcessOperation, reader.CurrentTrace, reader.CurrentTopic, out var ambient);
                    Exception? failure = null;
                    try
                    {
                        await handler(reader.Current, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        failure = exception;
                        Statistics.CountHandlerFailure();
                        Log.SubscriberHandlerFailed(_logger, exception, filter.ToString());
                    }
                    catch (Exception exception)
                    {
                        failure = exception;
                        throw;
                    }
                    finally
                    {
                        destination.EndProcess(span, ambient, started, failure);
                    }
                }
            }
            finally
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Does nothing more: the constructor connected the subscriber. Every endpoint type starts the same way (docs/guide.md, "Lifecycle").</summary>
    /// <exception cref="ObjectDisposedException">The subscriber was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled or the subscriber is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The subscriber was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>Ends every enumeration (each finishes normally after the messages it already holds) and closes the socket. Calling it again does nothing.</summary>
    public void Dispose() => _lifetime.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private void Connect()
    {
        foreach (var endpoint in Endpoints)
        {
            _loop.Connect(endpoint);
        }

        _loop.Send(new NetMQMessage([FlowFrames.Subscription(subscribe: true, _identityTopic)]));
        _loop.Start();
    }

    private Task Close()
    {
        Enumeration[] enumerations;
        lock (_gate)
        {
            _disposed = true;
            enumerations = _enumerations;
        }

        foreach (var enumeration in enumerations)
        {
            enumeration.Messages.Writer.TryComplete();
        }

        _disposing.Cancel();
        _loop.Dispose();
        _disposing.Dispose();
        _malformed.Close();
        _unreadable.Close();

        return Task.CompletedTask;
    }

    private Enumeration<T> Open<T>(TopicFilter<T> filter)
        where T : ITopicMessage<T>
    {
        var enumeration = new Enumeration<T>(filter, _options.BufferCapacity);
        lock (_gate)
        {
            _lifetime.ThrowIfDisposed();
            _enumerations = [.. _enumerations, enumeration];
            var users = _subscriptionUsers.GetValueOrDefault(enumeration.Subscription) + 1;
            _subscriptionUsers[enumeration.Subscription] = users;
            if (users == 1)
            {
                SendSubscription(subscribe: true, enumeration.Subscription);
            }
        }

        return enumeration;
    }

    private void Close(Enumeration enumeration)
    {
        if (!enumeration.TryClose())
        {
            return;
        }

        enumeration.Messages.Writer.TryComplete();
        lock (_gate)
        {
            _enumerations = _enumerations.Where(other => other != enumeration).ToArray();
            var users = _subscriptionUsers[enumeration.Subscription] - 1;
            if (users > 0)
            {
                _subscriptionUsers[enumeration.Subscription] = users;
                return;
            }

            _subscriptionUsers.Remove(enumeration.Subscription);
            if (!_disposed)
            {
                SendSubscription(subscribe: false, enumeration.Subscription);
            }
        }
    }

    /// <summary>
    /// Under <see cref="_gate"/>, while not disposed: sends a subscription change under the socket's lock, in order. A new
    /// subscription starts the streams of its topics anew first: what was published while they were not subscribed to is
    /// not missed.
    /// </summary>
    private void SendSubscription(bool subscribe, string prefix)
    {
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        var frame = FlowFrames.Subscription(subscribe, prefixBytes);
        _loop.RunOnLoop(socket =>
        {
            if (subscribe)
            {
                _sequences.StartAnew(prefixBytes);
            }

            socket.SendFrame(frame);
        });
    }

    /// <summary>Under the socket's lock: raises <see cref="MessagesMissed"/> on the thread pool, one after the other.</summary>
    private void RaiseMessagesMissed(ZmqMessagesMissedEventArgs missed)
    {
        _notifications = _notifications.ContinueWith(
            _ =>
            {
                try
                {
                    MessagesMissed?.Invoke(this, missed);
                }
                catch (Exception exception)
                {
                    Log.MissedHandlerFailed(_logger, exception);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    private bool TryRead<T>(ReceivedMessage received, out T message)
        where T : ITopicMessage<T>
    {
        try
        {
            // MessagePack nil and JSON null read as null, which is no message: an enumeration of T never yields null.
            message = PayloadFrames.Deserialize<T>(_options.SerializerFor(T.Serializer), received.Payload, typeof(T).Name, nullable: false);
            return true;
        }
        catch (ZmqPayloadException exception)
        {
            Statistics.CountUndeserializable();
            var topic = Encoding.UTF8.GetString(received.Topic);
            if (_unreadable.IsFirst(topic, out var countedAs))
            {
                Log.UndeserializablePayloads(_logger, exception, 1, countedAs, _unreadable.Interval);
            }

            message = default!;
            return false;
        }
    }

    /// <summary>
    /// Reads what the socket has, under its lock, until it is empty or a consumer is full. Frame by frame: the payload is
    /// taken as NetMQ read it (<see cref="FrameReceiving.Take"/>), a topic not seen just before is copied out; the position
    /// is read where it lies, and later frames are skipped.
    /// </summary>
    private bool ReadMessages(NetMQSocket socket)
    {
        var frame = new Msg();
        frame.InitEmpty();
        try
        {
            while (!_paused && socket.TryReceive(ref frame, TimeSpan.Zero))
            {
                Statistics.CountReceived();
                var topic = TopicOf(frame.Slice());
                if (!frame.HasMore)
                {
                    Statistics.CountMalformed();
                    _malformed.Add(null);

                    continue;
                }

                ReceiveMore(socket, ref frame);
                var more = frame.HasMore;
                var payload = FrameReceiving.Take(ref frame);
                var isMarker = topic.AsSpan().SequenceEqual(_identityTopic);

                // Another subscriber's markers reach a subscription whose prefix takes them in (a template that starts
                // with a placeholder); they are not messages. A topic no enumeration takes is followed but not reported:
                // a prefix let it in, and what it misses is nobody's loss.
                var isMessage = !isMarker && !FlowFrames.IsIdentityTopic(topic);
                var enumerations = _enumerations;
                var first = isMessage ? FirstTaker(enumerations, topic) : -1;
                var traced = first >= 0 && Instrumentation.Source.HasListeners();
                byte[]? trace = null;
                if (isMarker)
                {
                    _loop.Send(FlowFrames.Ack(_identityTopic, payload));
                }
                else if (more)
                {
                    ReceiveMore(socket, ref frame);
                    more = frame.HasMore;
                    if (isMessage)
                    {
                        _sequences.Check(topic, frame.Slice(), wanted: first >= 0);
                        trace = TraceFrameOf(traced, frame.Slice());
                    }
                }
                else if (isMessage)
                {
                    _sequences.Check(topic, [], wanted: first >= 0);
                }

                while (more)
                {
                    ReceiveMore(socket, ref frame);
                    more = frame.HasMore;
                    trace ??= TraceFrameOf(traced, frame.Slice());
                }

                if (first >= 0)
                {
                    Route(new ReceivedMessage(topic, payload, trace), enumerations, first);
                }
                else if (!isMarker)
                {
                    Statistics.CountUnmatched();
                }
            }

            // Stopped by a full enumeration, which has stopped the loop's reading too, or read until the socket was empty.
            return _paused;
        }
        finally
        {
            frame.Close();
        }
    }

    /// <summary>A copy of <paramref name="frame"/>, a frame after the payload, when it is a trace frame and a listener wants spans.</summary>
    private static byte[]? TraceFrameOf(bool traced, ReadOnlySpan<byte> frame) =>
        traced && TraceContextFrame.IsTraceFrame(frame) ? frame.ToArray() : null;

    /// <summary>Under the socket's lock: the bytes of a topic received, in the previous message's array when it is the same topic (never written to).</summary>
    private byte[] TopicOf(ReadOnlySpan<byte> received)
    {
        if (!received.SequenceEqual(_lastTopic))
        {
            _lastTopic = received.ToArray();
        }

        return _lastTopic;
    }

    /// <summary>The next frame of a message begun: ZeroMQ delivers the frames of a message together, so it is there.</summary>
    private static void ReceiveMore(NetMQSocket socket, ref Msg frame) => socket.TryReceive(ref frame, Timeout.InfiniteTimeSpan);

    /// <summary>The index of the first of <paramref name="enumerations"/> that takes messages of <paramref name="topic"/>; -1 when none does.</summary>
    private static int FirstTaker(Enumeration[] enumerations, byte[] topic)
    {
        for (var i = 0; i < enumerations.Length; i++)
        {
            if (enumerations[i].Accepts(topic))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Hands <paramref name="received"/> to every enumeration that accepts it: <paramref name="enumerations"/>' one at
    /// <paramref name="first"/>, and those after it that do too (the same snapshot, looked at once each).
    /// </summary>
    private void Route(ReceivedMessage received, Enumeration[] enumerations, int first)
    {
        var topic = received.Topic.AsSpan();
        List<Enumeration>? full = null;
        for (var i = first; i < enumerations.Length; i++)
        {
            var enumeration = enumerations[i];
            if ((i == first || enumeration.Accepts(topic)) && !enumeration.Messages.Writer.TryWrite(received) && !enumeration.Messages.Reader.Completion.IsCompleted)
            {
                (full ??= []).Add(enumeration);
            }
        }

        if (full is not null)
        {
            Log.ConsumerFull(_logger, full[0].Description);
            _paused = true;
            _loop.StopReceiving();
            _ = DeliverThenResumeAsync(received, full);
        }
    }

    /// <summary>Waits for room in each full enumeration (or for its end), then reads the socket again.</summary>
    private async Task DeliverThenResumeAsync(ReceivedMessage received, List<Enumeration> full)
    {
        // Off the socket's lock first: the wait can end at once (an enumeration closed meanwhile), and resuming takes
        // _gate, which an enumeration's Close holds while it waits for the socket's lock to unsubscribe. Onto the thread
        // pool, not the caller's context: the read that found the enumeration full may have run on a user's thread (its
        // Subscribe), and a blocked UI thread would then hold up every subscription.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            foreach (var enumeration in full)
            {
                var writer = enumeration.Messages.Writer;
                while (await writer.WaitToWriteAsync(_disposing.Token).ConfigureAwait(false) && !writer.TryWrite(received))
                {
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _paused = false;
                _loop.ResumeReceiving();
            }
        }
    }

    /// <summary>A message for the enumerations: its topic, its payload, and its trace frame when it carried one and a listener wants spans.</summary>
    private readonly record struct ReceivedMessage(byte[] Topic, byte[] Payload, byte[]? Trace);

    private abstract class Enumeration(string subscription, string description, int capacity)
    {
        public string Subscription { get; } = subscription;

        public string Description { get; } = description;

        public Channel<ReceivedMessage> Messages { get; } = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        private int _closed;

        public abstract bool Accepts(ReadOnlySpan<byte> topic);

        /// <summary>Whether this call is the first to close the enumeration: only that one gives its subscription back.</summary>
        public bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;
    }

    /// <summary>
    /// What <see cref="Subscribe{T}(TopicFilter{T}, CancellationToken)"/> returns: subscribed from the start, its first
    /// enumeration reads what arrived since; any later enumeration subscribes anew.
    /// </summary>
    /// <remarks>
    /// Cancelling the token given to <c>Subscribe</c> before the first enumeration began closes what it opened: a
    /// subscription never enumerated would otherwise fill its buffer and, once full, hold up every other enumeration
    /// of the subscriber.
    /// </remarks>
    private sealed class Subscription<T> : IAsyncEnumerable<T>
        where T : ITopicMessage<T>
    {
        private readonly ZmqSubscriber _subscriber;
        private readonly TopicFilter<T> _filter;
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _closeUnread;
        private Enumeration<T>? _opened;

        public Subscription(ZmqSubscriber subscriber, TopicFilter<T> filter, CancellationToken cancellationToken)
        {
            _subscriber = subscriber;
            _filter = filter;
            _cancellationToken = cancellationToken;
            _opened = subscriber.Open(filter);
            _closeUnread = cancellationToken.UnsafeRegister(static subscription => ((Subscription<T>)subscription!).CloseUnread(), this);
        }

        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            var enumeration = Interlocked.Exchange(ref _opened, null) ?? _subscriber.Open(_filter);
            _closeUnread.Dispose();
            return new Reader<T>(_subscriber, enumeration, _cancellationToken, cancellationToken, handled: false);
        }

        private void CloseUnread()
        {
            if (Interlocked.Exchange(ref _opened, null) is { } unread)
            {
                _subscriber.Close(unread);
            }
        }
    }

    /// <summary>
    /// One enumeration of a subscription: yields the messages it accepts, and gives the subscription back when disposed.
    /// An enumeration its caller reads delivers each message in a Consumer span of its own (<c>receive</c>), which ends
    /// as the message is handed over; one that <see cref="ConsumeAsync{T}(TopicFilter{T}, Func{T, CancellationToken, ValueTask}, CancellationToken)"/>
    /// reads (handled) leaves the span to the handler's run (<c>process</c>).
    /// </summary>
    private sealed class Reader<T> : IAsyncEnumerator<T>
        where T : ITopicMessage<T>
    {
        private readonly ZmqSubscriber _subscriber;
        private readonly Enumeration<T> _enumeration;
        private readonly CancellationTokenSource? _linked;
        private readonly CancellationToken _subscribed;
        private readonly CancellationToken _enumerated;

        /// <summary>Ends the wait for a message: the one token that can be cancelled, or one linked to both.</summary>
        private readonly CancellationToken _cancellationToken;
        private readonly bool _handled;

        public Reader(ZmqSubscriber subscriber, Enumeration<T> enumeration, CancellationToken subscribed, CancellationToken enumerated, bool handled)
        {
            _subscriber = subscriber;
            _enumeration = enumeration;
            _handled = handled;
            _subscribed = subscribed;
            _enumerated = enumerated;
            if (subscribed.CanBeCanceled && enumerated.CanBeCanceled)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(subscribed, enumerated);
            }

            _cancellationToken = _linked?.Token ?? (enumerated.CanBeCanceled ? enumerated : subscribed);
        }

        public T Current { get; private set; } = default!;

        /// <summary>The context the current message's trace frame carried: <see langword="default"/> without one, or without a listener.</summary>
        public ActivityContext CurrentTrace { get; private set; }

        /// <summary>The current message's topic, the span's destination name, when its type's topic is a template; empty otherwise.</summary>
        public byte[] CurrentTopic { get; private set; } = [];

        public async ValueTask<bool> MoveNextAsync()
        {
            // Before each message, not only while none waits: an enumeration whose buffer never runs dry must stop too.
            if (_cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(Cancelled);
            }

            var reader = _enumeration.Messages.Reader;
            try
            {
                do
                {
                    while (reader.TryRead(out var received))
                    {
                        if (Deliver(received))
                        {
                            return true;
                        }
                    }
                }
                while (await reader.WaitToReadAsync(_cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (_linked is not null)
            {
                // The wait heeds a token linked to the caller's two: the one cancelled is the one to tell.
                throw new OperationCanceledException(Cancelled);
            }

            return false;
        }

        /// <summary>The caller's token that ends the enumeration: the enumeration's when it is cancelled, otherwise the subscription's.</summary>
        private CancellationToken Cancelled => _enumerated.IsCancellationRequested ? _enumerated : _subscribed;

        public ValueTask DisposeAsync()
        {
            _subscriber.Close(_enumeration);
            _linked?.Dispose();
            return ValueTask.CompletedTask;
        }

        /// <summary>Reads <paramref name="received"/> as the current message, in a <c>receive</c> span unless a handler's span follows; false when it cannot be read.</summary>
        private bool Deliver(ReceivedMessage received)
        {
            var destination = TopicDestination<T>.Instance;
            var trace = received.Trace is { } frame ? TraceContextFrame.Read(frame) : default;
            var topic = TopicDestination<T>.IsTemplate ? received.Topic : [];
            Activity? span = null;
            Activity? ambient = null;
            if (!_handled)
            {
                span = destination.StartConsumer(SemanticConventions.ReceiveOperation, trace, topic, out ambient);
            }

            var read = _subscriber.TryRead<T>(received, out var message);
            if (!_handled)
            {
                destination.EndReceive(span, ambient, read ? null : typeof(ZmqPayloadException).FullName, read ? null : $"The payload could not be read as a {typeof(T).Name}.");
            }

            if (read)
            {
                _subscriber.Statistics.CountDelivered();
                Current = message;
                CurrentTrace = trace;
                CurrentTopic = topic;
            }

            return read;
        }
    }

    private sealed class Enumeration<T>(TopicFilter<T> filter, int capacity) : Enumeration(filter.Subscription, filter.ToString(), capacity)
        where T : ITopicMessage<T>
    {
        public override bool Accepts(ReadOnlySpan<byte> topic) => filter.IsMatch(topic);
    }
}
