using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Owns one NetMQ socket and lets any thread use it, one at a time: whoever sends does the socket I/O itself, under the
/// loop's lock, with no hand-off to another thread, unless another thread is using the socket, which then sends the
/// message for it (<see cref="HandOver"/>). From <see cref="Start"/> on, the runtime's socket engine waits for the
/// socket's mailbox signal (<see cref="MailboxWatch"/>) without touching the socket, and a thread-pool thread, or the
/// engine's own event thread (<see cref="SocketReads"/>), then takes the lock to read what arrived through the callback
/// given at construction. No thread is the socket's own.
/// </summary>
/// <remarks>
/// <para>
/// The mailbox signal is edge-triggered: any use of the socket may consume it. So every use ends with a look
/// (<see cref="AfterUse"/>): the receive callback reads what arrived meanwhile there and then, on the thread that used
/// the socket (a read that finds the socket empty takes the signal as a look at its events would, and costs no more),
/// and messages waiting for room go out once the socket has it. A socket that only sends, with nothing
/// waiting for room, has nothing to look for: its sends process its commands themselves. A read that leaves messages
/// behind (the callback reads a batch, or stopped for want of room) goes on from the thread pool, after the work queued
/// before it.
/// </para>
/// <para>
/// Two ways to send. <see cref="Send(NetMQMessage)"/> never waits: a message the socket will not take (its high-water mark is
/// reached, or a ROUTER's peer is gone) is handed to the failure callback.
/// <see cref="SendAsync(NetMQMessage, CancellationToken)"/>, for a loop made with an outbox capacity, waits instead: a
/// message the socket will not take stays first in line until the socket has room again, the outbox fills behind it,
/// and callers wait for a free place — back-pressure, not loss.
/// </para>
/// <para>
/// The callbacks run on whichever thread uses the socket. One that throws (a log call whose provider fails, say) costs
/// what it was doing and nothing more: the exception reaches no sender, and the loop goes on reading and sending.
/// </para>
/// </remarks>
internal sealed class SocketLoop : IDisposable
{
    private readonly NetMQSocket _socket;
    private readonly TimeSpan _linger;
    private readonly Socket _mailbox;
    /// <summary>How soon after another use's look a use of the socket puts its own look off (see <see cref="AfterUse"/>): 50 µs.</summary>
    private static readonly long LookInterval = Stopwatch.Frequency / 20_000;

    /// <summary>How long after a use that put its look off the look runs, in milliseconds (see <see cref="PutLookOff"/>).</summary>
    private const int PutOffLookDelay = 1;

    /// <summary>How many times a thread that lets go of the socket takes it again for what others handed over meanwhile, before it leaves the rest to the thread pool.</summary>
    private const int MaxHandedOverPasses = 2;

    private readonly Queue<Outgoing> _waiting = new();

    /// <summary>
    /// Messages that <see cref="Send(NetMQMessage)"/> found the socket in use for, in the order they came: whoever holds
    /// the socket offers them before its own and before it lets go (see <see cref="HandOver"/>).
    /// </summary>
    private readonly ConcurrentQueue<Outgoing> _handedOver = new();
    private readonly Action<NetMQMessage, Exception?> _onSendFailed;
    private readonly Func<NetMQSocket, bool>? _onReceiveReady;
    private readonly bool _putOffLooksOnATimer;
    private readonly SocketReads _reads;
    private readonly OutboxRoom? _outboxRoom;

    /// <summary>Held by whoever uses the socket; it guards every field below but the poller.</summary>
    private readonly object _gate = new();
    private readonly string _owner;

    /// <summary>Where a receive callback that throws is reported; <see langword="null"/> when nobody is.</summary>
    private readonly ILogger? _logger;
    private readonly List<BoundEndpoint> _bindings = [];

    /// <summary>The endpoints <see cref="Connect"/> connected, for <see cref="Detach"/>.</summary>
    private readonly List<string> _connected = [];
    private PairSocket? _connections;
    private Action<bool>? _onConnectionChanged;

    /// <summary>Whether the socket made a connection already: every later one is a reconnection (ZeroMQ's, or its owner's).</summary>
    private bool _connectedBefore;

    /// <summary>Whether <see cref="Start"/> was called: the receive callback runs only from then on.</summary>
    private bool _started;
    private bool _receiving;

    /// <summary>Whether the receive callback is running, further up this thread's stack: it does not run twice at once.</summary>
    private bool _inReceive;
    private bool _disposed;

    /// <summary>Set once NetMQ's context is terminated under the loop: nothing will come any more.</summary>
    private bool _terminated;

    /// <summary>Completed once the outbox is empty, for <see cref="WhenOutboxEmpty"/>; made when someone waits for that.</summary>
    private TaskCompletionSource? _outboxEmptied;

    /// <summary>1 while a look is queued for the thread pool or the timer.</summary>
    private int _lookQueued;

    /// <summary>Runs a look a use put off, for a loop that puts them off on a timer; made by the first use that puts one off.</summary>
    private Timer? _putOffLook;

    /// <summary>When the socket's events were last looked at, as a <see cref="Stopwatch"/> timestamp.</summary>
    private long _lastLook;

    /// <summary>Whether the last look followed a use of the socket rather than its signal: the next use may then put its own off.</summary>
    private bool _lookedAfterUse;

    /// <summary>When a message was last handed to the socket, as a <see cref="Stopwatch"/> timestamp; 0 for never.</summary>
    private long _lastHandOver;

    /// <summary>How long after its last message <see cref="CloseAsync"/> lets the socket write it out before closing: 200 ms.</summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(200);

    /// <param name="owner">The public type the socket serves, such as <c>CalculatorServer</c>, for messages.</param>
    /// <param name="socket">The socket, already configured; the loop disposes it.</param>
    /// <param name="onReceiveReady">
    /// Reads what the socket has, under the loop's lock, on whichever thread holds it, after every use of the socket (it
    /// may find nothing); returns true when it stopped with messages left to read, false when it read until the socket
    /// was empty. <see langword="null"/> for a send-only socket.
    /// </param>
    /// <param name="onSendFailed">Told of a message the socket would not take, or that came after disposal.</param>
    /// <param name="outboxCapacity">For <see cref="SendAsync(NetMQMessage, CancellationToken)"/>: how many messages may wait for the socket before callers wait; 0 for a loop that only uses <see cref="Send(NetMQMessage)"/>.</param>
    /// <param name="putOffLooksOnATimer">
    /// For a socket used in streams whose reads can wait a millisecond, such as a publisher's (subscriptions, and
    /// acknowledgements, which a publisher waiting for them reads at once on their signal, since it no longer uses the
    /// socket): a look that a use puts off runs a millisecond later on a timer, instead of at once on the thread pool (see
    /// <see cref="PutLookOff"/>). A client's replies and a server's requests are on their callers' paths, and are not
    /// kept waiting so: with the timer, 64 callers on one client lost about a tenth of their throughput.
    /// </param>
    /// <param name="reads">Which thread reads what arrives when nobody is using the socket.</param>
    /// <param name="logger">
    /// Told of a receive callback that throws: the loop goes on reading, but what the callback was doing is lost, which
    /// only a bug in it can cause (every callback contains what it calls), and which must not pass unseen.
    /// </param>
    public SocketLoop(string owner, NetMQSocket socket, Func<NetMQSocket, bool>? onReceiveReady, Action<NetMQMessage, Exception?> onSendFailed, int outboxCapacity = 0, bool putOffLooksOnATimer = false, SocketReads reads = SocketReads.ThreadPool, ILogger? logger = null)
    {
        _owner = owner;
        _logger = logger;
        _socket = socket;
        _linger = socket.Options.Linger;
        _mailbox = SocketMailbox.Of(socket);
        _onReceiveReady = onReceiveReady;
        _onSendFailed = onSendFailed;
        _outboxRoom = outboxCapacity > 0 ? new OutboxRoom(outboxCapacity, owner) : null;
        _receiving = onReceiveReady is not null;
        _putOffLooksOnATimer = putOffLooksOnATimer;
        _reads = reads;
    }

    /// <summary>
    /// Tells <paramref name="onConnectionChanged"/>, under the loop's lock, each time the socket makes a connection
    /// (<see langword="true"/>) or loses one (<see langword="false"/>). Call once, before connecting: the events that
    /// come before <see cref="Start"/> wait for it.
    /// </summary>
    /// <exception cref="ZmqException">NetMQ's limit of open sockets is reached: the monitor takes two.</exception>
    public void WatchConnections(Action<bool> onConnectionChanged)
    {
        _connections = SocketEndpoints.Make(_owner, () => MonitorEvents.Watch(_socket, SocketEvents.Connected | SocketEvents.Disconnected));
        _onConnectionChanged = onConnectionChanged;
    }

    /// <summary>
    /// Goes on with the construction of the endpoint this loop was made for, such as making its second socket: when
    /// <paramref name="next"/> throws (NetMQ's socket limit is reached, say), disposes the loop, whose socket no one else
    /// would close, and throws on.
    /// </summary>
    public T DisposeIfFails<T>(Func<T> next)
    {
        try
        {
            return next();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="DisposeIfFails{T}(Func{T})"/>
    public void DisposeIfFails(Action next) => DisposeIfFails(() =>
    {
        next();
        return true;
    });

    /// <summary>Binds the socket, before <see cref="Start"/>, and returns what it bound; <see cref="Dispose"/> frees it again.</summary>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    /// <exception cref="ObjectDisposedException">The loop was disposed.</exception>
    public BoundEndpoint Bind(string endpoint)
    {
        using (Hold())
        {
            ThrowIfDisposed();
            var bound = SocketEndpoints.Bind(_socket, endpoint, _owner);
            _bindings.Add(bound);
            return bound;
        }
    }

    /// <summary>
    /// Binds the sockets of the two loops of an endpoint that forwards between them (a proxy, a relay), before
    /// <see cref="Start"/>, and returns the addresses bound; when either bind fails, disposes both loops and throws.
    /// </summary>
    /// <exception cref="ZmqException">An endpoint could not be bound.</exception>
    public static (string First, string Second) BindBoth(SocketLoop first, string firstEndpoint, SocketLoop second, string secondEndpoint)
    {
        try
        {
            return (first.Bind(firstEndpoint).Endpoint, second.Bind(secondEndpoint).Endpoint);
        }
        catch
        {
            first.Dispose();
            second.Dispose();
            throw;
        }
    }

    /// <summary>Connects the socket, before <see cref="Start"/>.</summary>
    /// <exception cref="ZmqException">The endpoint is malformed or its host does not resolve.</exception>
    /// <exception cref="ObjectDisposedException">The loop was disposed.</exception>
    public void Connect(string endpoint)
    {
        using (Hold())
        {
            ThrowIfDisposed();
            SocketEndpoints.Connect(_socket, endpoint, _owner);
            _connected.Add(endpoint);
        }
    }

    /// <summary>
    /// Undoes every <see cref="Bind"/> and <see cref="Connect"/>, before <see cref="Start"/>, for an endpoint whose start
    /// failed part way: when it returns the ports are free again and the connections dropped, so that a second start
    /// attaches afresh (and does not connect twice).
    /// </summary>
    public void Detach()
    {
        using (Hold())
        {
            if (_disposed)
            {
                return;
            }

            if (_bindings.Count > 0)
            {
                ListenerClosings.Unbind(_socket, _bindings, SocketEndpoints.ReleaseTimeout);
                _bindings.Clear();
            }

            foreach (var endpoint in _connected)
            {
                try
                {
                    _socket.Disconnect(endpoint);
                }
                catch (EndpointNotFoundException)
                {
                    // The same endpoint connected twice: NetMQ keeps one entry per address, so only one of the two
                    // connections can be ended by name; the other ends with the socket.
                }
            }

            _connected.Clear();
        }
    }

    /// <summary>Under the lock: throws once the loop is disposed, whose socket is closed or closing on another thread.</summary>
    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(_owner);
        }
    }

    /// <summary>
    /// Waits for what arrives from now on: the receive callback runs from here, starting with what arrived before.
    /// </summary>
    public void Start()
    {
        using (Hold())
        {
            _started = true;
        }

        if (_reads == SocketReads.EventThread)
        {
            InlineCompletions.Prefer(_mailbox);
        }

        _ = MailboxWatch.RunAsync(_mailbox, this, static loop => loop.LookNow(), static loop => loop.LookNowInline());
        if (_connections is { } connections)
        {
            _ = MailboxWatch.RunAsync(SocketMailbox.Of(connections), this, static loop => loop.ReadConnectionsNow());
        }
    }

    /// <summary>
    /// Offers a message to the socket at once, or queues it behind those waiting for room; never waits for the socket
    /// (see <see cref="HandOver"/>). Thread-safe; after disposal the message is reported as failed.
    /// </summary>
    public void Send(NetMQMessage message) => HandOverOrReport(new Outgoing(message, Frame: null, Next: null));

    /// <summary>
    /// Offers <paramref name="frames"/> to the socket as one message, as <see cref="Send(NetMQMessage)"/> does, for a
    /// message whose frames are at hand as arrays (a client's request, a reply made from its request's frames). Nothing
    /// may write to the frames once they are given. Thread-safe; after disposal the message is reported as failed.
    /// </summary>
    public void Send(ArraySegment<byte[]> frames) => HandOverOrReport(new Outgoing(Message: null, Frame: null, Next: null, Frames: frames));

    /// <summary>
    /// Makes a message with <paramref name="make"/> under the loop's lock and offers it as <see cref="Send(NetMQMessage)"/>
    /// does, in the same use of the socket: for a message that another use in between would make wrong (a reply meant for
    /// the connection it was made on). Nothing is sent when <paramref name="make"/> returns <see langword="null"/>.
    /// Thread-safe.
    /// </summary>
    /// <returns>Whether <paramref name="make"/> ran: false once the loop is disposed.</returns>
    public bool Send<TState>(TState state, Func<TState, NetMQMessage?> make)
    {
        using (Hold())
        {
            if (_disposed)
            {
                return false;
            }

            if (make(state) is { } message)
            {
                Offer(new Outgoing(message, Frame: null, Next: null));
            }

            AfterUse();
            return true;
        }
    }

    /// <summary>
    /// Offers a message to the socket at once, waiting while the outbox is full because the socket will not take more.
    /// Completes once the message is on its way (in ZeroMQ's queue, or first in the outbox). Thread-safe.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting; the exception carries it, and the message was not queued.</exception>
    /// <exception cref="ObjectDisposedException">The loop was disposed; the message was not queued.</exception>
    public ValueTask SendAsync(NetMQMessage message, CancellationToken cancellationToken) => SendAsync(new Outgoing(message, Frame: null, Next: null), cancellationToken);

    /// <summary>
    /// Sends <paramref name="frame"/>, followed by <paramref name="next"/> when there is one, as a message of one or two
    /// frames, as <see cref="SendAsync(NetMQMessage, CancellationToken)"/> does, without making a <see cref="NetMQMessage"/>
    /// for it (one is made only to report it as failed).
    /// </summary>
    /// <inheritdoc cref="SendAsync(NetMQMessage, CancellationToken)"/>
    public ValueTask SendAsync(byte[] frame, byte[]? next, CancellationToken cancellationToken) => SendAsync(new Outgoing(Message: null, frame, next), cancellationToken);

    /// <summary>
    /// Takes one of the outbox's places, waiting for one while the outbox is full, then offers the message as
    /// <see cref="Send(NetMQMessage)"/> does (<see cref="HandOver"/>): a send that finds the socket in use leaves its
    /// message, and its place, to the thread using it, rather than wait for the lock (with four handler loops sending on
    /// one worker's output, that wait cost a fifth of the pipeline's processor time per item: benchmarks/FINDINGS.md,
    /// "Seventeenth round"). A send that finds a place at once completes without an async state machine, as nearly every
    /// send does.
    /// </summary>
    private ValueTask SendAsync(Outgoing outgoing, CancellationToken cancellationToken)
    {
        var room = _outboxRoom ?? throw new InvalidOperationException("This socket loop was made without an outbox capacity.");
        return room.TryTake() ? OfferWithPlace(outgoing) : WaitForPlaceAsync(room, outgoing, cancellationToken);
    }

    private async ValueTask WaitForPlaceAsync(OutboxRoom room, Outgoing outgoing, CancellationToken cancellationToken)
    {
        await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        await OfferWithPlace(outgoing).ConfigureAwait(false);
    }

    /// <summary>Offers a message for which a place was taken; gives the place back if the loop is disposed.</summary>
    private ValueTask OfferWithPlace(Outgoing outgoing)
    {
        // Looked at first, outside the lock: a send that a disposal's last offer gave a place to must fail, not be
        // handed over to the disposing thread, which still holds the socket, and then be reported only to the callback.
        if (!Volatile.Read(ref _disposed) && HandOver(outgoing with { HoldsPlace = true }))
        {
            return ValueTask.CompletedTask;
        }

        _outboxRoom!.Release();
        return ValueTask.FromException(new ObjectDisposedException(_owner, $"The {_owner} was disposed before the message could be queued."));
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the socket, on this thread, while no other thread uses it; does nothing once
    /// the loop is disposed. A <see cref="TerminatingException"/> the action meets (NetMQConfig.Cleanup ended NetMQ under
    /// the endpoint) ends it there, and is not thrown on: <see cref="IsTerminated"/> tells it from then on. Thread-safe.
    /// </summary>
    /// <returns>Whether it ran: false once the loop is disposed.</returns>
    public bool RunOnLoop<TState>(TState state, Action<NetMQSocket, TState> action) => Use(state, action, lookNow: false);

    /// <inheritdoc cref="RunOnLoop{TState}(TState, Action{NetMQSocket, TState})"/>
    public bool RunOnLoop(Action<NetMQSocket> action) => RunOnLoop(action, static (socket, action) => action(socket));

    /// <summary>
    /// Reports the connections made and lost that wait to be read, now, on this thread, rather than when the thread pool
    /// gets to the monitor's signal: for a decision that must see them (a timeout that says whether a connection was
    /// ever made), since a busy thread pool may run the signal's work item late. Thread-safe.
    /// </summary>
    /// <returns>Whether there is more to read: false once the loop is disposed, or NetMQ's context is terminated under it.</returns>
    public bool ReadConnectionsNow() => _connections is not null && RunOnLoop(this, static (_, loop) => loop.ReadConnectionEvents()) && !_terminated;

    /// <summary>
    /// Whether NetMQ's context was terminated under the loop (<c>NetMQConfig.Cleanup</c> while the endpoint lived): the
    /// socket can no longer be used, and nothing will come any more. Read it in a <see cref="RunOnLoop{TState}"/> action,
    /// such as a timer's, which then has nothing left to do.
    /// </summary>
    public bool IsTerminated => _terminated;

    /// <summary>
    /// Completes once no message waits in the outbox for the socket to take it: at once when none does, otherwise when the
    /// socket has taken the last (or the loop is disposed, which reports what still waits as failed). Thread-safe.
    /// </summary>
    public Task WhenOutboxEmpty()
    {
        using (Hold())
        {
            return _waiting.Count == 0
                ? Task.CompletedTask
                : (_outboxEmptied ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Stops reading from the socket; sends still go out. Thread-safe.</summary>
    public void StopReceiving()
    {
        using (Hold())
        {
            _receiving = false;
        }
    }

    /// <summary>Reads from the socket again after <see cref="StopReceiving"/>, starting with what waits now. Thread-safe; does nothing once the loop is disposed.</summary>
    public void ResumeReceiving() => Use(this, static (_, loop) => loop._receiving = loop._onReceiveReady is not null, lookNow: true);

    /// <summary>
    /// Takes the socket's lock for the last time, offers the socket what still waits (what it will not take is
    /// reported as failed), and closes it; it keeps delivering what it took for its linger time. Returns once the
    /// endpoints it bound are free (see <see cref="SocketEndpoints.Close"/>).
    /// </summary>
    public void Dispose()
    {
        using (Hold())
        {
            if (_disposed)
            {
                return;
            }

            // From here on no thread uses the socket but this one: every other use looks at the flag under the lock.
            _disposed = true;
            OfferHandedOver();
            FlushWaiting(finalDrain: true);
        }

        _outboxRoom?.Close();
        _putOffLook?.Dispose();
        if (_connections is { } connections)
        {
            SocketEndpoints.Release(connections);
        }

        SocketEndpoints.Close(_socket, _bindings);
    }

    /// <summary>
    /// Notes that a message went to the socket now, for <see cref="CloseAsync"/>'s wait: a <see cref="RunOnLoop{TState}"/>
    /// action that writes to the socket itself (a publisher's) calls it after each message; the sends of this loop do.
    /// </summary>
    public void NoteHandedOver() => Volatile.Write(ref _lastHandOver, Stopwatch.GetTimestamp());

    /// <summary>
    /// Closes the socket as <see cref="Dispose"/> does, once NetMQ has had up to <see cref="SettleTime"/> since the last
    /// message handed to the socket to write it out (never longer than the socket's linger): for an endpoint whose last
    /// messages must arrive, such as a closing worker's results.
    /// </summary>
    /// <remarks>
    /// ZeroMQ's linger keeps a closing socket's connections up until NetMQ has taken every queued message, not until the
    /// peer has it. NetMQ then closes the TCP connection with a receive still pending, which .NET turns into an abortive
    /// close (an RST): whatever the kernel had not sent yet is discarded. Messages handed over just before a close were
    /// lost that way on a loaded machine (a closing worker's last 228 of 300 results); waiting first keeps the abortive
    /// close away from them.
    /// </remarks>
    public async Task CloseAsync()
    {
        // What was handed over goes to the socket first, so that the wait counts from the last message.
        RunOnLoop(static _ => { });
        var sinceLastHandOver = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastHandOver));
        var settle = SettleTime - sinceLastHandOver;
        if (_linger >= TimeSpan.Zero && _linger < settle)
        {
            settle = _linger;
        }

        if (settle > TimeSpan.Zero)
        {
            // Rounded up to whole milliseconds, and one more: .NET's timers count coarser than the stopwatch, and may fire
            // a millisecond early by it.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(settle.TotalMilliseconds) + 1)).ConfigureAwait(false);
        }

        Dispose();
    }

    /// <summary>
    /// Looks at the socket's events now, whenever it last did: on the mailbox signal, and for a look put off. Returns
    /// false once there is nothing more to watch for.
    /// </summary>
    private bool LookNow()
    {
        using (Hold())
        {
            return LookHeld();
        }
    }

    /// <summary>
    /// <see cref="LookNow"/> on the runtime's socket engine's own thread (<see cref="MailboxWatch"/>), which must not
    /// block: only when no other thread holds the socket and the loop's reads run no handler; otherwise
    /// <see langword="null"/>, for a look on the thread pool.
    /// </summary>
    private bool? LookNowInline()
    {
        if (_reads == SocketReads.RunHandlers || !Monitor.TryEnter(_gate))
        {
            return null;
        }

        using (Held())
        {
            return LookHeld();
        }
    }

    /// <summary>The look of <see cref="LookNow"/>, the lock taken: a look put off and queued is this one.</summary>
    private bool LookHeld()
    {
        Volatile.Write(ref _lookQueued, 0);
        return UseHeld(this, static (_, _) => { }, lookNow: true) && !_terminated;
    }

    /// <summary>
    /// Runs <paramref name="action"/> under the lock unless the loop is disposed, then looks at the socket's events
    /// (<see cref="AfterUse"/>); returns whether it ran.
    /// </summary>
    private bool Use<TState>(TState state, Action<NetMQSocket, TState> action, bool lookNow)
    {
        using (Hold())
        {
            return UseHeld(state, action, lookNow);
        }
    }

    /// <summary><see cref="Use{TState}"/> with the lock taken already.</summary>
    private bool UseHeld<TState>(TState state, Action<NetMQSocket, TState> action, bool lookNow)
    {
        if (_disposed)
        {
            return false;
        }

        // What was handed over before goes first: the action may send, or reconnect, itself.
        OfferHandedOver();
        try
        {
            action(_socket, state);
        }
        catch (TerminatingException)
        {
            // NetMQConfig.Cleanup ended NetMQ under a live endpoint: what the action did with the socket (or its
            // monitor) is lost, as every use from now on would be, and nothing will come any more. Thrown on, the
            // exception would end whoever used the loop, a timer's thread among them, and with it the process.
            _terminated = true;
        }
        finally
        {
            // Also after an action that threw: it may have taken the mailbox signal.
            AfterUse(lookNow);
        }

        return true;
    }

    /// <summary>
    /// Under the lock: has the thread pool look at the socket, or, for a loop made to put its looks off on a timer, a timer
    /// a millisecond from now, unless a look is queued already. A stream of uses then looks once per
    /// <see cref="LookInterval"/> itself and once per millisecond from the timer, instead of waking a pool thread for each
    /// look it puts off: a publisher's stream of messages, measured, costs a fifth less processor time that way
    /// (benchmarks/FINDINGS.md, "Fifth round").
    /// </summary>
    private void PutLookOff()
    {
        if (!_putOffLooksOnATimer)
        {
            LookLater();
        }
        else if (Interlocked.Exchange(ref _lookQueued, 1) == 0)
        {
            if (_putOffLook is null)
            {
                // Made without the context of the use that first puts a look off (a publish's span, its logging scopes).
                using (ExecutionContext.SuppressFlow())
                {
                    _putOffLook = new Timer(static loop => ((SocketLoop)loop!).LookNow(), this, Timeout.Infinite, Timeout.Infinite);
                }
            }

            _putOffLook.Change(PutOffLookDelay, Timeout.Infinite);
        }
    }

    /// <summary>Has the thread pool look at the socket's events, unless a look is queued already.</summary>
    private void LookLater()
    {
        if (Interlocked.Exchange(ref _lookQueued, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static loop => loop.LookNow(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Under the lock: reports the connections made and lost since the last time, and counts the reconnections
    /// (<c>zmqcontracts.connection.reconnects</c>). Call it in a <see cref="RunOnLoop{TState}"/> action that must see them
    /// at a given point of its use of the socket; <see cref="ReadConnectionsNow"/> otherwise.
    /// </summary>
    public void ReadConnectionEvents()
    {
        while (!_terminated && _connections!.TryReceiveFrameBytes(TimeSpan.Zero, out var frame))
        {
            switch (MonitorEvents.Read(frame))
            {
                case SocketEvents.Connected:
                    if (_connectedBefore)
                    {
                        Instrumentation.Add(Instrumentation.Reconnects, 1, default);
                    }

                    _connectedBefore = true;
                    ReportConnection(true);
                    break;
                case SocketEvents.Disconnected:
                    ReportConnection(false);
                    break;
            }
        }
    }

    /// <summary>Tells the connection callback; one that throws costs that report only, as a failure callback's does (see <see cref="ReportFailed"/>).</summary>
    private void ReportConnection(bool connected)
    {
        try
        {
            _onConnectionChanged!(connected);
        }
        catch (Exception)
        {
            // The next change is reported all the same.
        }
    }

    /// <summary>
    /// Under the lock, after every use of the socket: sends what waited for room, if there is room now, and reads what
    /// arrived. A read that leaves messages behind goes on from the thread pool, after the work queued before it.
    /// </summary>
    /// <remarks>
    /// Looking costs a system call (NetMQ polls its signal), which a stream of sends would pay per message. So a use
    /// that follows another use's look within <see cref="LookInterval"/> puts its look off to the thread pool, once for
    /// the lot: a send that took the signal is then looked after moments later, instead of never. A use after a look on
    /// the signal (a request's reply after its request was read, a call after the last reply) looks at once, as before.
    /// </remarks>
    private void AfterUse(bool lookNow = false)
    {
        OfferHandedOver();

        // A socket that only sends has nothing to read, and its sends process its commands themselves: only messages
        // waiting for room need a look, to go out once the socket has it.
        if (!lookNow && _onReceiveReady is null && _waiting.Count == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        if (!lookNow && _lookedAfterUse && now - _lastLook < LookInterval)
        {
            PutLookOff();
            return;
        }

        _lastLook = now;
        _lookedAfterUse = !lookNow;
        if (_inReceive)
        {
            // A read further up this thread's stack goes on reading, and takes the signal as it does.
            FlushIfWaiting();
            return;
        }

        if (!_receiving || !_started || _terminated)
        {
            // Looked at though nothing is read: looking takes the signal, which would otherwise stay there.
            HasIn();
            FlushIfWaiting();
            return;
        }

        FlushIfWaiting();
        bool unread;
        _inReceive = true;
        try
        {
            unread = _onReceiveReady!(_socket);
        }
        catch (TerminatingException)
        {
            _terminated = true;
            return;
        }
        catch (Exception exception)
        {
            // What the callback read is its own, and what it was doing when it threw is lost with it; what it did not read
            // is read by a look on the thread pool, as after a batch. Thrown on, the exception would reach a sender that has
            // nothing to do with it, or end the mailbox watch for good.
            if (_logger is not null)
            {
                Log.ReceiveCallbackFailed(_logger, exception, _owner);
            }

            unread = true;
        }
        finally
        {
            _inReceive = false;
        }

        FlushIfWaiting();

        // A read that found the socket empty took the signal, and what arrives next raises it again; one that stopped with
        // messages left (at the end of a batch) goes on from the thread pool.
        if (unread && _receiving)
        {
            LookLater();
        }
    }

    private void FlushIfWaiting()
    {
        if (_waiting.Count > 0)
        {
            FlushWaiting(finalDrain: false);
        }
    }

    /// <summary>Whether a message waits to be read; looking processes the socket's commands, which takes the mailbox signal.</summary>
    private bool HasIn()
    {
        try
        {
            return _socket.HasIn;
        }
        catch (TerminatingException)
        {
            // NetMQConfig.Cleanup ended NetMQ under a live endpoint: the signal can no longer be taken, so stop watching it.
            _terminated = true;
            return false;
        }
    }

    /// <summary>
    /// Under the lock: sends <paramref name="outgoing"/> now unless others wait before it, or it must wait itself, after
    /// what was handed over before it.
    /// </summary>
    private void Offer(Outgoing outgoing)
    {
        OfferHandedOver();
        OfferInTurn(outgoing);
    }

    /// <summary>Under the lock: offers what was handed over, in order.</summary>
    private void OfferHandedOver()
    {
        while (_handedOver.TryDequeue(out var outgoing))
        {
            OfferInTurn(outgoing);
        }
    }

    private void OfferInTurn(Outgoing outgoing)
    {
        if (_waiting.Count > 0 || !TryHandToSocket(outgoing, finalDrain: false))
        {
            _waiting.Enqueue(outgoing);
        }
    }

    /// <summary>
    /// Sends <paramref name="outgoing"/> as a use of the socket when no other thread uses it; otherwise hands it to the
    /// thread that does, which offers it before it lets go (<see cref="Hold"/>), and returns at once. A sender never
    /// waits for another's use of the socket, however long (a read of a batch), nor spins for it: with many senders on
    /// two cores, waiting for the lock cost a server's handlers and a client's callers about a fifth of their processor
    /// time (benchmarks/FINDINGS.md, "Sixth round"). A thread's messages keep their order: what was handed over is
    /// offered before any message of a later use.
    /// </summary>
    /// <returns>False when the loop is disposed, and the message was not taken.</returns>
    private bool HandOver(Outgoing outgoing)
    {
        if (!Monitor.TryEnter(_gate))
        {
            _handedOver.Enqueue(outgoing);
            SendHandedOver();
            return true;
        }

        using (Held())
        {
            if (_disposed)
            {
                return false;
            }

            Offer(outgoing);
            AfterUse();
            return true;
        }
    }

    /// <summary><see cref="HandOver"/>, the failure callback told of a message that came after disposal.</summary>
    private void HandOverOrReport(Outgoing outgoing)
    {
        if (!HandOver(outgoing))
        {
            ReportDisposed(outgoing);
        }
    }

    /// <summary>Takes the socket's lock; disposing the result lets it go, then sends what was handed over meanwhile.</summary>
    private Holding Hold()
    {
        Monitor.Enter(_gate);
        return new(this);
    }

    /// <summary>For the lock taken already: disposing the result lets it go, then sends what was handed over meanwhile.</summary>
    private Holding Held() => new(this);

    /// <summary>
    /// After letting go of the lock: takes it again for what was handed over while it was held, unless another thread
    /// holds it now, which then does the same once it lets go. The fences make the two sides meet: a sender that
    /// queued its message and found the lock taken, and a holder that let go and found the queue empty, cannot both be.
    /// A thread takes the lock again at most <see cref="MaxHandedOverPasses"/> times, then leaves what others keep handing
    /// over to a look on the thread pool. After disposal what was handed over is reported as failed.
    /// </summary>
    private void SendHandedOver()
    {
        Interlocked.MemoryBarrier();
        for (var pass = 0; !_handedOver.IsEmpty && Monitor.TryEnter(_gate); pass++)
        {
            bool disposed;
            try
            {
                disposed = _disposed;
                if (!disposed && pass == MaxHandedOverPasses)
                {
                    // Others keep handing over: a thread-pool thread takes over, and this one goes back to its own work.
                    LookLater();
                    return;
                }

                if (!disposed)
                {
                    AfterUse();
                }
            }
            finally
            {
                Monitor.Exit(_gate);
            }

            if (disposed)
            {
                while (_handedOver.TryDequeue(out var late))
                {
                    ReportDisposed(late);
                }

                return;
            }

            Interlocked.MemoryBarrier();
        }
    }

    /// <summary>Under the lock: offers the socket what waits, in order, until it will not take more.</summary>
    private void FlushWaiting(bool finalDrain)
    {
        while (_waiting.TryPeek(out var outgoing) && TryHandToSocket(outgoing, finalDrain))
        {
            _waiting.Dequeue();
        }

        if (_waiting.Count == 0 && _outboxEmptied is { } emptied)
        {
            _outboxEmptied = null;
            emptied.SetResult();
        }
    }

    /// <summary>
    /// Offers one message to the socket. Returns false only when the message should wait for the socket (a waiting
    /// loop whose socket is full); otherwise the message is either sent or reported as failed.
    /// </summary>
    private bool TryHandToSocket(Outgoing outgoing, bool finalDrain)
    {
        Exception? error = null;
        try
        {
            if (outgoing.Frames.Array is not null ? FrameSending.TrySendFrames(_socket, outgoing.Frames)
                    : outgoing.Frame is { } frame ? FrameSending.TrySendFrames(_socket, frame, outgoing.Next)
                    : FrameSending.TrySendMultipartMessage(_socket, outgoing.Message!))
            {
                NoteHandedOver();
                ReleasePlace(outgoing);
                return true;
            }
        }
        catch (NetMQException exception)
        {
            error = exception;
        }

        if (error is null && _outboxRoom is not null && !finalDrain)
        {
            return false;
        }

        ReleasePlace(outgoing);
        if (error is null && Instrumentation.DroppedMessages.Enabled)
        {
            // Refused without an error: no peer had room (its queue at the high-water mark, or no peer at all).
            Instrumentation.Add(Instrumentation.DroppedMessages, 1, Instrumentation.SystemOnly);
        }

        ReportFailed(outgoing, error);
        return true;
    }

    private void ReleasePlace(Outgoing outgoing)
    {
        if (outgoing.HoldsPlace)
        {
            _outboxRoom!.Release();
        }
    }

    /// <summary>Tells the failure callback of <paramref name="outgoing"/>, which came after disposal.</summary>
    private void ReportDisposed(Outgoing outgoing) => ReportFailed(outgoing, new ObjectDisposedException(_owner));

    /// <summary>
    /// Tells the failure callback of <paramref name="outgoing"/>. The callback only reports (it logs); one that throws, as
    /// a log call does when a logging provider fails, costs that report and nothing else: not the sender, which would get
    /// an exception for another thread's message, nor the messages after it.
    /// </summary>
    private void ReportFailed(Outgoing outgoing, Exception? error)
    {
        try
        {
            _onSendFailed(outgoing.ToMessage(), error);
        }
        catch (Exception)
        {
            // Nowhere left to report it: the callback was the report.
        }
    }

    /// <summary>The lock held: letting it go sends what was handed over meanwhile (see <see cref="SendHandedOver"/>).</summary>
    private readonly struct Holding(SocketLoop loop) : IDisposable
    {
        public void Dispose()
        {
            Monitor.Exit(loop._gate);
            loop.SendHandedOver();
        }
    }

    /// <summary>
    /// A message waiting for room — a <see cref="NetMQMessage"/>, a message of one or two frames as their bytes, or
    /// <see cref="Frames"/> — and whether it took one of the outbox's places (it came through
    /// <see cref="SendAsync(NetMQMessage, CancellationToken)"/>).
    /// </summary>
    private readonly record struct Outgoing(NetMQMessage? Message, byte[]? Frame, byte[]? Next, bool HoldsPlace = false, ArraySegment<byte[]> Frames = default)
    {
        /// <summary>The message as a <see cref="NetMQMessage"/>, for the failure callback.</summary>
        public NetMQMessage ToMessage() =>
            Message
            ?? (Frames.Array is not null ? FrameReceiving.ToMessage(Frames)
            : new NetMQMessage(Next is { } next ? [Frame!, next] : [Frame!]));
    }
}
