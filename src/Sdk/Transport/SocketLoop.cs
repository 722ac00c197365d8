using System;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// Owns one NetMQ socket on its own <see cref="NetMQPoller"/> thread. Other threads never touch the
/// socket: they hand outgoing messages to <see cref="Send"/>, which queues them for the poller thread,
/// and incoming messages are read on that thread by the callback given at construction.
/// </summary>
internal sealed class SocketLoop : IDisposable
{
    private readonly NetMQSocket _socket;
    private readonly NetMQPoller _poller;
    private readonly NetMQQueue<NetMQMessage> _outbox;
    private readonly Action<NetMQMessage, Exception?> _onSendFailed;
    private readonly Action<NetMQSocket>? _onReceiveReady;
    private readonly object _gate = new();
    private bool _receiving;
    private bool _disposed;

    /// <param name="socket">The socket, already configured; the loop disposes it.</param>
    /// <param name="onReceiveReady">Reads what the socket has, on the poller thread; <see langword="null"/> for a send-only socket.</param>
    /// <param name="onSendFailed">Told of a message the socket would not take (a full queue, an unknown peer) or that came after disposal.</param>
    public SocketLoop(NetMQSocket socket, Action<NetMQSocket>? onReceiveReady, Action<NetMQMessage, Exception?> onSendFailed)
    {
        _socket = socket;
        _onReceiveReady = onReceiveReady;
        _onSendFailed = onSendFailed;
        _outbox = new NetMQQueue<NetMQMessage>();
        _outbox.ReceiveReady += (_, _) => DrainOutbox();
        _poller = new NetMQPoller { _outbox };
        if (onReceiveReady is not null)
        {
            _socket.ReceiveReady += OnSocketReceiveReady;
            _poller.Add(_socket);
            _receiving = true;
        }
    }

    /// <summary>Starts the poller thread.</summary>
    public void Start(string threadName) => _poller.RunAsync(threadName, isBackgroundThread: true);

    /// <summary>Queues a message for the socket. Thread-safe; after disposal the message is reported as failed.</summary>
    public void Send(NetMQMessage message)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _outbox.Enqueue(message);
                return;
            }
        }

        _onSendFailed(message, new ObjectDisposedException(nameof(SocketLoop)));
    }

    /// <summary>Stops reading from the socket; queued sends still go out. Thread-safe.</summary>
    public void StopReceiving()
    {
        lock (_gate)
        {
            if (_disposed || !_receiving)
            {
                return;
            }

            _receiving = false;
            _poller.Remove(_socket);
        }
    }

    /// <summary>Stops the poller thread, sends what is still queued (within the socket's linger), and closes the socket.</summary>
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

        if (_poller.IsRunning)
        {
            _poller.Stop();
        }

        // The poller thread has ended, so this thread may use the socket now.
        DrainOutbox();
        _poller.Dispose();
        _socket.Dispose();
        _outbox.Dispose();
    }

    private void OnSocketReceiveReady(object? sender, NetMQSocketEventArgs e) => _onReceiveReady!(_socket);

    private void DrainOutbox()
    {
        while (_outbox.TryDequeue(out var message, TimeSpan.Zero))
        {
            try
            {
                if (!_socket.TrySendMultipartMessage(message))
                {
                    _onSendFailed(message, null);
                }
            }
            catch (NetMQException exception)
            {
                _onSendFailed(message, exception);
            }
        }
    }
}
