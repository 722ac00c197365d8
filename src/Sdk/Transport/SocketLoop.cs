using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Owns one NetMQ socket and lets any thread use it, one at a time: whoever sends does the socket I/O itself, under the
/// loop's lock, with no hand-off to another thread. One of the shared socket threads (<see cref="ZmqSocketThreads"/>)
/// waits for the socket's mailbox signal (<see cref="SocketMailbox"/>) from <see cref="Start"/> on, without touching the
/// socket, and takes the lock to read what arrived through the callback given at construction.
/// </summary>
/// <remarks>
/// <para>
/// The mailbox signal is edge-triggered: any use of the socket may consume it. So every use ends by looking at the
/// socket's events (<see cref="AfterUse"/>): what arrived meanwhile is read there and then, by the thread that used
/// the socket, and messages waiting for room go out once the socket has it. A read that leaves messages behind (the
/// callback reads a batch, or stopped for want of room) goes on from the socket thread, after its other sockets.
/// </para>
/// <para>
/// Two ways to send. <see cref="Send"/> never waits: a message the socket will not take (its high-water mark is
/// reached, or a ROUTER's peer is gone) is handed to the failure callback. <see cref="SendAsync"/>, for a loop made
/// with an outbox capacity, waits instead: a message the socket will not take stays first in line until the socket has
/// room again, the outbox fills behind it, and callers wait for a free place — back-pressure, not loss.
/// </para>
/// </remarks>
internal sealed class SocketLoop : IDisposable
{
    private readonly NetMQSocket _socket;
    private readonly Socket _mailbox;
    private readonly Queue<Outgoing> _waiting = new();
    private readonly Action<NetMQMessage, Exception?> _onSendFailed;
    private readonly Action<NetMQSocket>? _onReceiveReady;
    private readonly SemaphoreSlim? _outboxPlaces;
    private readonly CancellationTokenSource _disposing = new();

    /// <summary>Held by whoever uses the socket; it guards every field below but the poller.</summary>
    private readonly object _gate = new();
    private readonly string _owner;
    private readonly List<string> _bindings = [];
    private PairSocket? _connections;

    /// <summary>The shared poller that waits for the mailbox signal from <see cref="Start"/> on; <see langword="null"/> before.</summary>
    private NetMQPoller? _poller;
    private bool _receiving;

    /// <summary>Whether the receive callback is running, further up this thread's stack: it does not run twice at once.</summary>
    private bool _inReceive;
    private bool _disposed;

    /// <summary>
    /// Set on the socket thread once the poller no longer watches the socket: a poller still raises the events of what
    /// it watched in the round it stopped watching it, and the monitor's late events must not report a connection then.
    /// </summary>
    private volatile bool _detached;

    /// <summary>1 while a read is queued for the socket thread.</summary>
    private int _readQueued;

    /// <param name="owner">The public type the socket serves, such as <c>CalculatorServer</c>, for messages.</param>
    /// <param name="socket">The socket, already configured; the loop disposes it.</param>
    /// <param name="onReceiveReady">Reads what the socket has, under the loop's lock, on whichever thread holds it; <see langword="null"/> for a send-only socket.</param>
    /// <param name="onSendFailed">Told of a message the socket would not take, or that came after disposal.</param>
    /// <param name="outboxCapacity">For <see cref="SendAsync"/>: how many messages may wait for the socket before callers wait; 0 for a loop that only uses <see cref="Send"/>.</param>
    public SocketLoop(string owner, NetMQSocket socket, Action<NetMQSocket>? onReceiveReady, Action<NetMQMessage, Exception?> onSendFailed, int outboxCapacity = 0)
    {
        _owner = owner;
        _socket = socket;
        _mailbox = SocketMailbox.Of(socket);
        _onReceiveReady = onReceiveReady;
        _onSendFailed = onSendFailed;
        _outboxPlaces = outboxCapacity > 0 ? new SemaphoreSlim(outboxCapacity, outboxCapacity) : null;
        _receiving = onReceiveReady is not null;
    }

    /// <summary>
    /// Tells <paramref name="onConnectionChanged"/>, on the socket thread, each time the socket makes a connection
    /// (<see langword="true"/>) or loses one (<see langword="false"/>). Call once, before connecting: the events that
    /// come before <see cref="Start"/> wait for it.
    /// </summary>
    public void WatchConnections(Action<bool> onConnectionChanged)
    {
        var events = MonitorEvents.Watch(_socket, SocketEvents.Connected | SocketEvents.Disconnected);
        events.ReceiveReady += (_, _) =>
        {
            while (!_detached && events.TryReceiveFrameBytes(TimeSpan.Zero, out var frame))
            {
                switch (MonitorEvents.Read(frame))
                {
                    case SocketEvents.Connected:
                        onConnectionChanged(true);
                        break;
                    case SocketEvents.Disconnected:
                        onConnectionChanged(false);
                        break;
                }
            }
        };
        _connections = events;
    }

    /// <summary>Binds the socket, before <see cref="Start"/>, and returns the address bound; <see cref="Dispose"/> frees it again.</summary>
    /// <exception cref="ZmqException">The endpoint could not be bound.</exception>
    public string Bind(string endpoint)
    {
        lock (_gate)
        {
            var bound = SocketEndpoints.Bind(_socket, endpoint, _owner);
            _bindings.Add(SocketEndpoints.BindingName(endpoint, bound));
            return bound;
        }
    }

    /// <summary>Connects the socket, before <see cref="Start"/>.</summary>
    /// <exception cref="ZmqException">The endpoint is malformed or its host does not resolve.</exception>
    public void Connect(string endpoint)
    {
        lock (_gate)
        {
            SocketEndpoints.Connect(_socket, endpoint, _owner);
        }
    }

    /// <summary>
    /// Has a shared socket thread wait for what arrives: from now on the receive callback runs, and what arrived before
    /// is read at once.
    /// </summary>
    public void Start()
    {
        var poller = ZmqSocketThreads.Acquire();
        lock (_gate)
        {
            _poller = poller;
        }

        RunOn(poller, () =>
        {
            poller.Add(_mailbox, OnMailboxSignal);
            if (_connections is { } connections)
            {
                poller.Add(connections);
            }
        });
        RunOnLoop(static _ => { });
    }

    /// <summary>
    /// Offers a message to the socket at once, or queues it behind those waiting for room. Thread-safe; after disposal the
    /// message is reported as failed.
    /// </summary>
    public void Send(NetMQMessage message)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Offer(new Outgoing(message, HoldsPlace: false));
                AfterUse();
                return;
            }
        }

        _onSendFailed(message, new ObjectDisposedException(_owner));
    }

    /// <summary>
    /// Offers a message to the socket at once, waiting while the outbox is full because the socket will not take more.
    /// Completes once the message is on its way (in ZeroMQ's queue, or first in the outbox). Thread-safe.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting; the message was not queued.</exception>
    /// <exception cref="ObjectDisposedException">The loop was disposed; the message was not queued.</exception>
    public async ValueTask SendAsync(NetMQMessage message, CancellationToken cancellationToken)
    {
        var places = _outboxPlaces ?? throw new InvalidOperationException("This socket loop was made without an outbox capacity.");
        if (!places.Wait(0))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
            try
            {
                await places.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(_owner, $"The {_owner} was disposed while the send waited for room.");
            }
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                Offer(new Outgoing(message, HoldsPlace: true));
                AfterUse();
                return;
            }
        }

        places.Release();
        throw new ObjectDisposedException(_owner, $"The {_owner} was disposed before the message could be queued.");
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the socket, on this thread, while no other thread uses it; does nothing once
    /// the loop is disposed. Thread-safe.
    /// </summary>
    /// <returns>Whether it ran: false once the loop is disposed.</returns>
    public bool RunOnLoop<TState>(TState state, Action<NetMQSocket, TState> action)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            action(_socket, state);
            AfterUse();
            return true;
        }
    }

    /// <inheritdoc cref="RunOnLoop{TState}(TState, Action{NetMQSocket, TState})"/>
    public bool RunOnLoop(Action<NetMQSocket> action) => RunOnLoop(action, static (socket, action) => action(socket));

    /// <summary>Stops reading from the socket; sends still go out. Thread-safe.</summary>
    public void StopReceiving()
    {
        lock (_gate)
        {
            _receiving = false;
        }
    }

    /// <summary>Reads from the socket again after <see cref="StopReceiving"/>, starting with what waits now. Thread-safe; does nothing once the loop is disposed.</summary>
    public void ResumeReceiving() => RunOnLoop(_ => _receiving = _onReceiveReady is not null);

    /// <summary>
    /// Takes the socket from its socket thread, offers the socket what is still queued (what it will not take is
    /// reported as failed), and closes it; it keeps delivering what it took for its linger time. Returns once the
    /// endpoints it bound are free (see <see cref="SocketEndpoints.Close"/>).
    /// </summary>
    public void Dispose()
    {
        NetMQPoller? poller;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            poller = _poller;
        }

        _disposing.Cancel();

        // Not under the lock: the socket thread may be waiting for it, to find the loop disposed.
        if (poller is not null)
        {
            RunOn(poller, () =>
            {
                poller.Remove(_mailbox);
                if (_connections is { } connections)
                {
                    poller.Remove(connections);
                }

                _detached = true;
            }).Wait();
            ZmqSocketThreads.Release();
        }

        lock (_gate)
        {
            FlushWaiting(finalDrain: true);
        }

        _connections?.Dispose();
        SocketEndpoints.Close(_socket, _bindings);
        _disposing.Dispose();
    }

    /// <summary>Runs <paramref name="action"/> on <paramref name="poller"/>'s thread (here when this is it) and completes after it.</summary>
    private Task RunOn(NetMQPoller poller, Action action)
    {
        if (poller.CanExecuteTaskInline)
        {
            action();
            return Task.CompletedTask;
        }

        var task = new Task(action);
        task.Start(poller);
        return task;
    }

    /// <summary>On the socket thread: commands wait for the socket.</summary>
    private void OnMailboxSignal(Socket mailbox) => RunOnLoop(static _ => { });

    /// <summary>On the socket thread: goes on reading what a read left behind.</summary>
    private void ReadQueued()
    {
        Volatile.Write(ref _readQueued, 0);
        RunOnLoop(static _ => { });
    }

    /// <summary>
    /// Under the lock, after every use of the socket: sends what waited for room, if there is room now, and reads what
    /// arrived. A read that leaves messages behind goes on from the socket thread, after its other sockets.
    /// </summary>
    private void AfterUse()
    {
        if (_waiting.Count > 0)
        {
            FlushWaiting(finalDrain: false);
        }

        if (!_receiving || _inReceive || _poller is not { } poller || !HasIn())
        {
            return;
        }

        _inReceive = true;
        try
        {
            _onReceiveReady!(_socket);
        }
        finally
        {
            _inReceive = false;
        }

        if (_waiting.Count > 0)
        {
            FlushWaiting(finalDrain: false);
        }

        if (_receiving && HasIn() && Interlocked.Exchange(ref _readQueued, 1) == 0)
        {
            new Task(ReadQueued).Start(poller);
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
            return false;
        }
    }

    /// <summary>Under the lock: sends <paramref name="outgoing"/> now unless others wait before it, or it must wait itself.</summary>
    private void Offer(Outgoing outgoing)
    {
        if (_waiting.Count > 0 || !TryHandToSocket(outgoing, finalDrain: false))
        {
            _waiting.Enqueue(outgoing);
        }
    }

    /// <summary>Under the lock: offers the socket what waits, in order, until it will not take more.</summary>
    private void FlushWaiting(bool finalDrain)
    {
        while (_waiting.TryPeek(out var outgoing) && TryHandToSocket(outgoing, finalDrain))
        {
            _waiting.Dequeue();
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
            if (FrameSending.TrySendMultipartMessage(_socket, outgoing.Message))
            {
                ReleasePlace(outgoing);
                return true;
            }
        }
        catch (NetMQException exception)
        {
            error = exception;
        }

        if (error is null && _outboxPlaces is not null && !finalDrain)
        {
            return false;
        }

        ReleasePlace(outgoing);
        _onSendFailed(outgoing.Message, error);
        return true;
    }

    private void ReleasePlace(Outgoing outgoing)
    {
        if (outgoing.HoldsPlace)
        {
            _outboxPlaces!.Release();
        }
    }

    /// <summary>A message waiting for room, and whether it took one of the outbox's places (it came through <see cref="SendAsync"/>).</summary>
    private readonly record struct Outgoing(NetMQMessage Message, bool HoldsPlace);
}
