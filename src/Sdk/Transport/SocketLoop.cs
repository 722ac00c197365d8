using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// Owns one NetMQ socket on one of the shared socket threads (<see cref="ZmqSocketThreads"/>): from <see cref="Start"/>
/// until <see cref="Dispose"/>, only that thread touches the socket. Other threads hand outgoing messages to
/// <see cref="Send"/> or <see cref="SendAsync"/>, which queue them for it, and incoming messages are read on it by the
/// callback given at construction. Before <see cref="Start"/> the socket is the constructing thread's, to bind and connect.
/// </summary>
/// <remarks>
/// Two ways to send. <see cref="Send"/> never waits: a message the socket will not take (its high-water mark is
/// reached, or a ROUTER's peer is gone) is handed to the failure callback. <see cref="SendAsync"/>, for a loop made
/// with an outbox capacity, waits instead: a message the socket will not take stays first in line until the socket
/// reports it can send again, the outbox fills behind it, and callers wait for a free place — back-pressure, not loss.
/// The outbox rings the poller only when it goes from empty to not empty, so that a burst of sends costs one wake-up; and
/// a message sent on the poller thread itself, with nothing queued before it, goes to the socket at once.
/// </remarks>
internal sealed class SocketLoop : IDisposable
{
    private readonly NetMQSocket _socket;
    private readonly ConcurrentQueue<Outgoing> _outbox = new();
    private readonly NetMQQueue<bool> _doorbell = new();
    private readonly Action<NetMQMessage, Exception?> _onSendFailed;
    private readonly Action<NetMQSocket>? _onReceiveReady;
    private readonly SemaphoreSlim? _outboxPlaces;
    private readonly CancellationTokenSource _disposing = new();
    private readonly object _gate = new();
    private readonly string _owner;
    private readonly List<string> _bindings = [];
    private PairSocket? _connections;

    /// <summary>The shared poller that owns the socket from <see cref="Start"/> on; <see langword="null"/> before.</summary>
    private volatile NetMQPoller? _poller;

    /// <summary>Set once the socket has left its poller, on <see cref="Dispose"/>: from then on this thread's to close.</summary>
    private volatile bool _detached;
    private Outgoing? _waitingForSocket;
    private bool _receiving;
    private bool _watchingSendReady;
    private int _rung;
    private volatile bool _disposed;

    /// <param name="owner">The public type the socket serves, such as <c>CalculatorServer</c>, for messages.</param>
    /// <param name="socket">The socket, already configured; the loop disposes it.</param>
    /// <param name="onReceiveReady">Reads what the socket has, on the poller thread; <see langword="null"/> for a send-only socket.</param>
    /// <param name="onSendFailed">Told of a message the socket would not take, or that came after disposal.</param>
    /// <param name="outboxCapacity">For <see cref="SendAsync"/>: how many messages may wait for the socket before callers wait; 0 for a loop that only uses <see cref="Send"/>.</param>
    public SocketLoop(string owner, NetMQSocket socket, Action<NetMQSocket>? onReceiveReady, Action<NetMQMessage, Exception?> onSendFailed, int outboxCapacity = 0)
    {
        _owner = owner;
        _socket = socket;
        _onReceiveReady = onReceiveReady;
        _onSendFailed = onSendFailed;
        _outboxPlaces = outboxCapacity > 0 ? new SemaphoreSlim(outboxCapacity, outboxCapacity) : null;
        _doorbell.ReceiveReady += (_, _) => OnDoorbell();
        if (onReceiveReady is not null)
        {
            _socket.ReceiveReady += OnSocketReceiveReady;
            _receiving = true;
        }
    }

    /// <summary>
    /// Tells <paramref name="onConnectionChanged"/>, on the poller thread, each time the socket makes a connection
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
        var bound = SocketEndpoints.Bind(_socket, endpoint, _owner);
        _bindings.Add(SocketEndpoints.BindingName(endpoint, bound));
        return bound;
    }

    /// <summary>Connects the socket, before <see cref="Start"/>.</summary>
    /// <exception cref="ZmqException">The endpoint is malformed or its host does not resolve.</exception>
    public void Connect(string endpoint) => SocketEndpoints.Connect(_socket, endpoint, _owner);

    /// <summary>
    /// Hands the socket to a shared socket thread. What is queued meanwhile, and what <see cref="RunOnLoop"/> is given,
    /// runs there after it.
    /// </summary>
    public void Start()
    {
        var poller = ZmqSocketThreads.Acquire();
        _poller = poller;
        RunOn(poller, _ =>
        {
            poller.Add(_socket);
            poller.Add(_doorbell);
            if (_connections is { } connections)
            {
                poller.Add(connections);
            }
        });
    }

    /// <summary>Whether this is the thread that owns the socket now.</summary>
    private bool OnSocketThread => !_detached && _poller?.CanExecuteTaskInline == true;

    /// <summary>
    /// Queues a message for the socket without waiting, or, on the poller thread with nothing queued before it, offers it to
    /// the socket at once. Thread-safe; after disposal the message is reported as failed.
    /// </summary>
    public void Send(NetMQMessage message)
    {
        // The socket thread owns the socket, and Dispose takes the socket from it before closing the socket.
        if (OnSocketThread && _waitingForSocket is null && _outbox.IsEmpty && !_disposed)
        {
            var outgoing = new Outgoing(message, HoldsPlace: false);
            if (!TryHandToSocket(outgoing, finalDrain: false))
            {
                _waitingForSocket = outgoing;
                WatchSendReady(true);
            }

            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                Enqueue(new Outgoing(message, HoldsPlace: false));
                return;
            }
        }

        _onSendFailed(message, new ObjectDisposedException(_owner));
    }

    /// <summary>
    /// Queues a message, waiting while the outbox is full because the socket will not take more. Completes once the
    /// message is queued (not yet on the wire). Thread-safe.
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
                Enqueue(new Outgoing(message, HoldsPlace: true));
                return;
            }
        }

        places.Release();
        throw new ObjectDisposedException(_owner, $"The {_owner} was disposed before the message could be queued.");
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the socket thread (or here, before <see cref="Start"/> and after
    /// <see cref="Dispose"/>, when the socket is this thread's) and completes after it.
    /// </summary>
    public Task RunOnLoop(Action<NetMQSocket> action) => _poller is { } poller && !_detached ? RunOn(poller, action) : RunHere(action);

    private Task RunOn(NetMQPoller poller, Action<NetMQSocket> action)
    {
        if (poller.CanExecuteTaskInline)
        {
            return RunHere(action);
        }

        // Queued behind a Dispose that took the socket away, the action has nothing left to act on.
        var task = new Task(() =>
        {
            if (!_detached)
            {
                action(_socket);
            }
        });
        try
        {
            task.Start(poller);
        }
        catch (TaskSchedulerException exception)
        {
            // A Dispose took the socket away after the check, and its thread has stopped since: nothing left to act on.
            return Task.FromException(new ObjectDisposedException(_owner, exception.InnerException?.Message));
        }

        return task;
    }

    private Task RunHere(Action<NetMQSocket> action)
    {
        action(_socket);
        return Task.CompletedTask;
    }

    /// <summary>Stops reading from the socket, on the poller thread; queued sends still go out. Thread-safe.</summary>
    public Task StopReceiving() => RunOnLoop(socket =>
    {
        if (_receiving)
        {
            _receiving = false;
            socket.ReceiveReady -= OnSocketReceiveReady;
        }
    });

    /// <summary>Reads from the socket again after <see cref="StopReceiving"/>, on the poller thread. Thread-safe; does nothing once the loop is disposed.</summary>
    public Task ResumeReceiving() => RunOnLoop(socket =>
    {
        if (!_receiving && !_disposed && _onReceiveReady is not null)
        {
            _receiving = true;
            socket.ReceiveReady += OnSocketReceiveReady;
        }
    });

    /// <summary>
    /// Takes the socket from its socket thread (waiting for what that thread is doing with it), offers the socket what
    /// is still queued (what it will not take is reported as failed), and closes it; it keeps delivering what it took
    /// for its linger time. Returns once the endpoints it bound are free (see <see cref="SocketEndpoints.Close"/>).
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _disposing.Cancel();
        if (_poller is { } poller)
        {
            RunOn(poller, _ => Detach(poller)).Wait();
            ZmqSocketThreads.Release();
        }

        // The socket has left its thread, so this thread may use it now.
        _detached = true;
        DrainOutbox(finalDrain: true);
        _connections?.Dispose();
        SocketEndpoints.Close(_socket, _bindings);
        _doorbell.Dispose();
        _disposing.Dispose();
    }

    /// <summary>On the socket thread: takes the socket, its doorbell and its monitor out of the poller.</summary>
    private void Detach(NetMQPoller poller)
    {
        WatchSendReady(false);
        if (_receiving)
        {
            _receiving = false;
            _socket.ReceiveReady -= OnSocketReceiveReady;
        }

        poller.Remove(_socket);
        poller.Remove(_doorbell);
        if (_connections is { } connections)
        {
            poller.Remove(connections);
        }

        _detached = true;
    }

    // A poller that has polled the socket and its doorbell still raises their events in the round in which Detach
    // took them out; by then the socket is the disposing thread's, so those late events must leave it alone.
    private void OnSocketReceiveReady(object? sender, NetMQSocketEventArgs e)
    {
        if (!_detached)
        {
            _onReceiveReady!(_socket);
        }
    }

    /// <summary>Queues a message and rings the poller unless it was rung since it last looked. Under <see cref="_gate"/>.</summary>
    private void Enqueue(Outgoing outgoing)
    {
        _outbox.Enqueue(outgoing);
        if (Interlocked.Exchange(ref _rung, 1) == 0)
        {
            _doorbell.Enqueue(true);
        }
    }

    /// <summary>
    /// On the poller thread, when the doorbell rings. The bell is reset before the outbox is read, with a full fence: a
    /// message queued after the reading began either is read now or rings again.
    /// </summary>
    private void OnDoorbell()
    {
        if (_detached)
        {
            return;
        }

        _doorbell.TryDequeue(out _, TimeSpan.Zero);
        Interlocked.Exchange(ref _rung, 0);
        DrainOutbox();
    }

    private void OnSocketSendReady(object? sender, NetMQSocketEventArgs e)
    {
        if (!_detached)
        {
            DrainOutbox();
        }
    }

    private void DrainOutbox(bool finalDrain = false)
    {
        if (_waitingForSocket is { } first)
        {
            if (!TryHandToSocket(first, finalDrain))
            {
                return;
            }

            _waitingForSocket = null;
        }

        while (_outbox.TryDequeue(out var outgoing))
        {
            if (!TryHandToSocket(outgoing, finalDrain))
            {
                _waitingForSocket = outgoing;
                WatchSendReady(true);
                return;
            }
        }

        WatchSendReady(false);
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

    private void WatchSendReady(bool watch)
    {
        if (watch == _watchingSendReady)
        {
            return;
        }

        _watchingSendReady = watch;
        if (watch)
        {
            _socket.SendReady += OnSocketSendReady;
        }
        else
        {
            _socket.SendReady -= OnSocketSendReady;
        }
    }

    private void ReleasePlace(Outgoing outgoing)
    {
        if (outgoing.HoldsPlace)
        {
            _outboxPlaces!.Release();
        }
    }

    /// <summary>A queued message, and whether it took one of the outbox's places (it came through <see cref="SendAsync"/>).</summary>
    private readonly record struct Outgoing(NetMQMessage Message, bool HoldsPlace);
}
