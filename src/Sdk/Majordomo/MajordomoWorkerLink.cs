using System;
using System.Text;
using System.Threading;
using Microsoft.Extensions.Logging;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// What makes a server's DEALER socket an MDP/0.1 worker (RFC 7): READY on every new connection, HEARTBEATs both ways,
/// a new connection when the broker goes silent or sends DISCONNECT, and the reshaping of the broker's REQUEST into the
/// server's own request form and of its reply into a REPLY.
/// </summary>
/// <remarks>
/// The server reads a request as <c>[envelope…][][body…]</c> and echoes the envelope in front of its reply. A REQUEST
/// <c>[][MDPW01][0x02][client][][body…][tag]</c> becomes <c>[client][tag][][body…]</c> (the tag, the client's
/// correlation, only when the body ends with one), and the reply <c>[client][tag][][reply…]</c> goes back as
/// <c>[][MDPW01][0x03][client][][reply…][tag]</c>. A reply to a request that came over an earlier connection is dropped
/// (the server logs it): the broker has forgotten that worker, and has answered a ZmqContracts client with
/// <see cref="ZmqErrorCode.WorkerLost"/>, on which it sends an idempotent call again.
/// </remarks>
internal sealed class MajordomoWorkerLink
{
    private readonly SocketLoop _loop;
    private readonly string _endpoint;
    /// <summary>The service's name in UTF-8, as READY carries it (NetMQ's string frames are ASCII).</summary>
    private readonly byte[] _service;
    private readonly string _contract;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly long _expiryMilliseconds;
    private readonly Timer _heartbeat;

    /// <summary>When, in <see cref="Environment.TickCount64"/> milliseconds, the broker last said anything; written under the socket's lock.</summary>
    private long _lastHeard;

    /// <summary>Whether the broker has said anything over the current connection; written under the socket's lock.</summary>
    private volatile bool _heard;

    /// <summary>The client address of the request being handled, the frame itself; <see langword="null"/> when none is.</summary>
    private NetMQFrame? _current;
    private bool _started;

    /// <summary>
    /// Set by <see cref="Disconnect"/>, so that a heartbeat already under way does not follow the DISCONNECT, and by the
    /// heartbeat that finds NetMQ's context terminated.
    /// </summary>
    private volatile bool _closed;

    public MajordomoWorkerLink(SocketLoop loop, string endpoint, string service, string contract, ZmqServerOptions options)
    {
        _loop = loop;
        _endpoint = endpoint;
        _service = Encoding.UTF8.GetBytes(service);
        _contract = contract;
        _logger = options.ContainedLogger();
        _interval = options.HeartbeatInterval;
        _expiryMilliseconds = (long)(options.HeartbeatInterval * options.HeartbeatLiveness).TotalMilliseconds;
        _heartbeat = new Timer(static link => ((MajordomoWorkerLink)link!).OnHeartbeatTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Whether the broker is there: it has said something (a <c>ZmqBroker</c> heartbeats every worker it knows) over the
    /// current connection, and within the heartbeat liveness. False until the broker's first word on each new connection. Thread-safe.
    /// </summary>
    public bool IsAlive => _heard && Environment.TickCount64 - Volatile.Read(ref _lastHeard) <= _expiryMilliseconds;

    /// <summary>Registers with READY and starts the heartbeats, once the loop is connected and started.</summary>
    public void Start()
    {
        _started = true;
        _loop.RunOnLoop(_ => Register());
        _heartbeat.Change(_interval, _interval);
    }

    /// <summary>
    /// Under the socket's lock: takes what the broker sent. Returns the request to handle, in the server's form, or
    /// <see langword="null"/> when the message was a heartbeat, a DISCONNECT, or not MDP/0.1.
    /// </summary>
    public NetMQMessage? Receive(NetMQMessage message)
    {
        _lastHeard = Environment.TickCount64;
        _heard = true;
        switch (MajordomoFrames.WorkerCommandOf(message, 0))
        {
            case MajordomoFrames.Command.Request when message.FrameCount >= 6 && message[4].IsEmpty:
                message.Pop();
                message.Pop();
                message.Pop();
                var client = message.Pop();
                message.Pop();
                if (message.FrameCount > 1 && MajordomoFrames.TryReadTag(message.Last, out _))
                {
                    var tag = message.Last;
                    message.RemoveFrame(tag);
                    message.Push(MajordomoFrames.EmptyFrame);
                    message.Push(tag);
                }
                else
                {
                    message.Push(MajordomoFrames.EmptyFrame);
                }

                message.Push(client);
                Volatile.Write(ref _current, client);
                return message;
            case MajordomoFrames.Command.Heartbeat:
                return null;
            case MajordomoFrames.Command.Disconnect:
                Reconnect("sent DISCONNECT");
                return null;
            default:
                Log.WorkerDroppedInvalid(_logger, _contract, _endpoint, message.FrameCount);
                return null;
        }
    }

    /// <summary>
    /// Makes a REPLY of the server's reply <c>[client][tag][][reply…]</c>; <see langword="null"/> when its request came
    /// over an earlier connection, or the reply was made already. Thread-safe.
    /// </summary>
    public NetMQMessage? Reply(NetMQMessage reply)
    {
        var client = reply[0];
        if (Interlocked.CompareExchange(ref _current, null, client) != client)
        {
            return null;
        }

        reply.Pop();
        var tag = reply.Pop();
        if (!tag.IsEmpty)
        {
            reply.Pop();
            reply.Append(tag);
        }

        reply.Push(MajordomoFrames.EmptyFrame);
        reply.Push(client);
        return MajordomoFrames.PushWorkerCommand(MajordomoFrames.Command.Reply, reply);
    }

    /// <summary>
    /// Stops the heartbeats and, when started, sends DISCONNECT (after the last reply), so that the broker forgets this
    /// worker at once. Before the loop is disposed.
    /// </summary>
    public void Disconnect()
    {
        _closed = true;
        _heartbeat.Dispose();
        if (_started)
        {
            _loop.Send(MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Disconnect));
        }
    }

    private void OnHeartbeatTimer() => _loop.RunOnLoop(_ =>
    {
        if (_closed)
        {
            return;
        }

        if (_loop.IsTerminated)
        {
            // NetMQConfig.Cleanup ended NetMQ under the server: there is no broker left to heartbeat or reconnect to.
            _closed = true;
            _heartbeat.Dispose();
            Log.WorkerLinkTerminated(_logger, _contract, _endpoint);
            return;
        }

        // Not while a request is in hand: a broker need not heartbeat a busy worker (RFC 7's reference broker does not),
        // and a new connection would lose the reply. The broker's silence counts again once the reply has gone.
        if (Environment.TickCount64 - _lastHeard > _expiryMilliseconds && Volatile.Read(ref _current) is null)
        {
            Reconnect($"has sent nothing for {_expiryMilliseconds / 1000.0:0.###} s");
        }
        else
        {
            _loop.Send(MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Heartbeat));
        }
    });

    /// <summary>
    /// Under the socket's lock: a new connection (so a new worker to the broker, counted in
    /// <c>zmqcontracts.connection.reconnects</c>), and READY on it. A connect that fails (a host name that no longer
    /// resolves) is tried again when the next liveness period has passed.
    /// </summary>
    private void Reconnect(string reason)
    {
        if (_closed)
        {
            // Disposed, or NetMQ ended under it: a DISCONNECT that answers its own is no cause to register again.
            return;
        }

        Log.WorkerReconnecting(_logger, _contract, _endpoint, reason);
        _lastHeard = Environment.TickCount64;
        _loop.RunOnLoop(socket =>
        {
            _heard = false;
            try
            {
                socket.Disconnect(_endpoint);
            }
            catch (EndpointNotFoundException)
            {
                // The last connect failed, and left no connection to drop.
            }

            try
            {
                socket.Connect(_endpoint);
            }
            catch (Exception exception)
            {
                Log.WorkerConnectFailed(_logger, exception, _contract, _endpoint);
                return;
            }

            Instrumentation.Add(Instrumentation.Reconnects, 1, default);
            Register();
        });
    }

    private void Register()
    {
        Volatile.Write(ref _current, null);
        _lastHeard = Environment.TickCount64;
        var ready = MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Ready);
        ready.Append(_service);
        _loop.Send(ready);
    }
}
