using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts;

/// <summary>
/// A Majordomo broker (MDP/0.1, ZeroMQ RFC 7, with the <c>mmi.service</c> lookup of RFC 8): clients and workers connect
/// to one ROUTER socket; each request goes to a worker of the service it names, the worker that has waited longest
/// first, and its reply back to the client. Typed servers with <see cref="ZmqServerOptions.ViaBroker"/> are its workers,
/// typed clients with <see cref="ZmqClientOptions.ViaBroker"/> its clients, and so is any other MDP/0.1 peer.
/// </summary>
/// <remarks>
/// <para>
/// The broker and each worker send each other a HEARTBEAT every <see cref="ZmqBrokerOptions.HeartbeatInterval"/>; a worker
/// silent for <see cref="ZmqBrokerOptions.HeartbeatLiveness"/> intervals is dropped, and with it the request it was
/// handling: the broker never sends a request twice, so that a call that is not idempotent never runs twice. It answers
/// a typed client's request at once with a <see cref="ZmqErrorCode.WorkerLost"/> error instead, on which the client sends
/// an idempotent call again and fails any other (docs/scaling.md). A worker whose connection is gone
/// is dropped as soon as a HEARTBEAT or REQUEST cannot be sent to it (the socket is RouterMandatory); such a REQUEST
/// never reached it, and goes to the next worker. A worker whose queue is full (it is busy, or reads slowly) is not gone:
/// it keeps the request it has in hand while it sends its own heartbeats; a HEARTBEAT it has no room for is skipped, and
/// a REQUEST goes to the next worker, this one getting none until its next HEARTBEAT.
/// </para>
/// <para>
/// A request for a service that no worker serves waits for one, at most <see cref="ZmqBrokerOptions.RequestExpiry"/>.
/// The broker keeps no request on disk: requests waiting in it are lost when it stops. Thread-safe; all its state is used under
/// its socket's lock.
/// </para>
/// </remarks>
public sealed class ZmqBroker : IZmqEndpoint
{
    private const int ReceiveBatch = 256;

    /// <summary>
    /// The frames a message is read with room for: a REQUEST of one argument made a worker's REQUEST in place,
    /// <c>[worker][][MDPW01][0x02][client][][operation][argument][tag]</c>, without growing.
    /// </summary>
    private const int ExpectedFrames = 9;

    private readonly ZmqBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly SocketLoop _loop;
    private readonly Timer _heartbeat;
    private readonly EndpointLifetime _lifetime;
    private readonly Dictionary<ReadOnlyMemory<byte>, BrokerService> _services = new(ByteContent.Comparer);

    /// <summary>The workers, by their routing ids' bytes.</summary>
    private readonly Dictionary<ReadOnlyMemory<byte>, BrokerWorker> _workers = new(ByteContent.Comparer);

    /// <summary>The services no worker serves that have requests waiting, oldest request first: where a full broker makes room.</summary>
    private readonly UnservedServices _unserved = new();

    /// <summary>The messages and requests dropped, counted per reason: the first of each logged with its details (events 300 and 303), the next ones as counts (event 306).</summary>
    private readonly RepeatedWarnings _drops;

    /// <summary>How many requests wait for a worker, all services together.</summary>
    private int _queued;

    /// <summary>How many requests have been queued so far: each one's place in age, which a clock too coarse to tell two apart cannot give.</summary>
    private long _arrivals;

    /// <summary>How many services the broker knows: those with workers or requests waiting, and, until the next heartbeat, those that just lost their last.</summary>
    internal int ServiceCount
    {
        get
        {
            var count = 0;
            _loop.RunOnLoop(_ => count = _services.Count);
            return count;
        }
    }

    /// <summary>Creates the broker; <see cref="Start"/> binds it.</summary>
    /// <param name="endpoint">The endpoint to bind, such as <c>tcp://*:5555</c>, or <c>tcp://127.0.0.1:*</c> for a free port.</param>
    /// <param name="options">Heartbeats and limits; <see langword="null"/> for the defaults.</param>
    public ZmqBroker(string endpoint, ZmqBrokerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        _options = ZmqSocketOptions.Validated(options);
        _logger = _options.ContainedLogger();
        Endpoint = endpoint;
        _drops = new RepeatedWarnings(RepeatedWarnings.DefaultInterval, (drop, count) => Log.BrokerDropped(_logger, Endpoint, count, drop, RepeatedWarnings.DefaultInterval));
        var socket = _options.NewSocket(nameof(ZmqBroker), static () => new RouterSocket(), _options.Linger);
        socket.Options.RouterMandatory = true;
        _loop = new SocketLoop(nameof(ZmqBroker), socket, Receive, OnUndeliverable, reads: SocketReads.EventThread, logger: _logger);
        _heartbeat = new Timer(static broker => ((ZmqBroker)broker!).OnHeartbeatTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _lifetime = new EndpointLifetime(nameof(ZmqBroker), StartBroker, StopAsync);
    }

    /// <summary>The endpoint: as given until <see cref="Start"/>, then the address actually bound (the port chosen for <c>*</c>).</summary>
    public string Endpoint { get; private set; }

    /// <summary>Binds the endpoint and starts brokering, unless started already; returns at once.</summary>
    /// <exception cref="ZmqException">The endpoint could not be bound; the message names it and says why.</exception>
    /// <exception cref="ObjectDisposedException">The broker was disposed.</exception>
    public void Start() => _lifetime.Start();

    /// <summary>Starts unless started, brokers until <paramref name="cancellationToken"/> is cancelled or the broker is disposed, then disposes it.</summary>
    /// <exception cref="ObjectDisposedException">The broker was disposed before the call.</exception>
    public Task RunAsync(CancellationToken cancellationToken) => _lifetime.RunAsync(cancellationToken);

    /// <summary>
    /// Sends every worker a DISCONNECT (so that it registers again with the next broker at once), and closes; the socket
    /// goes on delivering for <see cref="ZmqBrokerOptions.Linger"/>. Requests still waiting are lost. Returns once the
    /// endpoint is free for another bind; calling it again returns the same task.
    /// </summary>
    public ValueTask DisposeAsync() => _lifetime.DisposeAsync();

    private void StartBroker()
    {
        Endpoint = _loop.Bind(Endpoint).Endpoint;
        _loop.Start();
        _heartbeat.Change(_options.HeartbeatInterval, _options.HeartbeatInterval);
    }

    private async Task StopAsync()
    {
        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        _loop.RunOnLoop(_ => DisconnectAll());
        _loop.Dispose();
        _drops.Close();
    }

    /// <summary>Heartbeats, until NetMQ's context is terminated under the broker (NetMQConfig.Cleanup): there is no one left to heartbeat then.</summary>
    private void OnHeartbeatTimer() => _loop.RunOnLoop(_ =>
    {
        if (!_loop.IsTerminated)
        {
            Heartbeat();
        }
    });

    /// <summary>Under the socket's lock: drops the workers that have gone silent and the requests that waited too long, and heartbeats the rest.</summary>
    private void Heartbeat()
    {
        var now = Environment.TickCount64;
        foreach (var worker in new List<BrokerWorker>(_workers.Values))
        {
            if (now >= worker.Expiry)
            {
                Delete(worker, disconnect: false, "silent for longer than its heartbeat liveness");
            }
            else
            {
                Send(worker.Address, MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Heartbeat));
            }
        }

        foreach (var service in _services.Values)
        {
            while (service.Requests.TryPeek(out var queued) && now >= queued.Expiry)
            {
                service.Requests.TryDequeue(out _);
                _queued--;
                DroppedRequest(service.Key.Span, $"no worker took it within {_options.RequestExpiry.TotalSeconds:0.###} s");
            }

            // So that the names clients ask for cannot pile up.
            if (service.Workers == 0 && service.Requests.Count == 0)
            {
                _services.Remove(service.Key);
            }
        }

        _unserved.Rebuild(_services.Values);
    }

    private void DisconnectAll()
    {
        foreach (var worker in _workers.Values)
        {
            Send(worker.Address, MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Disconnect));
        }

        _workers.Clear();
        _services.Clear();
        _unserved.Rebuild([]);
        _queued = 0;
    }

    /// <summary>Reads up to a batch of messages, under the loop's lock; returns whether it left some unread.</summary>
    private bool Receive(NetMQSocket socket)
    {
        for (var i = 0; i < ReceiveBatch; i++)
        {
            NetMQMessage? message = null;
            if (!FrameReceiving.TryReceiveMessage(socket, ref message, ExpectedFrames))
            {
                return false;
            }

            Handle(message);
        }

        return true;
    }

    private void Handle(NetMQMessage message)
    {
        if (message.FrameCount < 3 || !message[1].IsEmpty)
        {
            DroppedInvalid(message.FrameCount, "no empty frame 0 and protocol header");
        }
        else if (MajordomoFrames.Is(message[2], MajordomoFrames.ClientHeader))
        {
            HandleClient(message);
        }
        else if (MajordomoFrames.Is(message[2], MajordomoFrames.WorkerHeader))
        {
            HandleWorker(message);
        }
        else
        {
            DroppedInvalid(message.FrameCount, "the protocol header is neither MDPC01 nor MDPW01");
        }
    }

    /// <summary>A client's REQUEST, <c>[client][][MDPC01][service][body…]</c>.</summary>
    private void HandleClient(NetMQMessage message)
    {
        if (message.FrameCount < 5)
        {
            DroppedInvalid(message.FrameCount, "a REQUEST needs a service name and a body");
            return;
        }

        var client = message.Pop();
        message.Pop();
        message.Pop();
        var serviceName = message.Pop();
        var key = MajordomoFrames.Bytes(serviceName);
        if (key.Span.StartsWith(MajordomoFrames.ManagementPrefixBytes))
        {
            SendToClient(client, serviceName, new NetMQMessage([new NetMQFrame(Management(key.Span, message))]));
            return;
        }

        // A request a waiting worker takes at once never waits, so the limit on waiting requests does not hold it back. A
        // service is made for a request that stays, not for one dropped: the names a client makes up cannot pile up.
        _services.TryGetValue(key, out var service);
        if (service?.WaitingWorkers.First is null && _queued >= _options.MaxQueuedRequests && !MakeRoomFor(service))
        {
            DroppedRequest(key.Span, $"{_options.MaxQueuedRequests} requests are already waiting for a worker (MaxQueuedRequests)");
            return;
        }

        service ??= ServiceNamed(key);
        message.Push(MajordomoFrames.EmptyFrame);
        message.Push(client);
        service.Requests.Enqueue(new BrokerRequest(message, Environment.TickCount64 + (long)_options.RequestExpiry.TotalMilliseconds, ++_arrivals));
        _queued++;
        if (service.Requests.Count == 1)
        {
            _unserved.Note(service);
        }

        Dispatch(service);
    }

    /// <summary>
    /// When the broker is full, drops the oldest request waiting for a service that no worker serves, unless that is
    /// <paramref name="service"/>'s own: requests for services nobody serves (mistyped, or sent on purpose) must not crowd
    /// out those that workers are there for. A service left with neither requests nor workers is forgotten at once.
    /// Returns whether there is room now.
    /// </summary>
    private bool MakeRoomFor(BrokerService? service)
    {
        if (_unserved.Oldest(except: service) is not { } oldest)
        {
            return false;
        }

        oldest.Requests.TryDequeue(out _);
        _queued--;
        DroppedRequest(oldest.Key.Span, $"{_options.MaxQueuedRequests} requests are waiting (MaxQueuedRequests), and no worker serves it");
        if (oldest.Requests.Count > 0)
        {
            _unserved.Note(oldest);
        }
        else
        {
            _services.Remove(oldest.Key);
        }

        return true;
    }

    /// <summary>The answer of a Majordomo Management Interface service (RFC 8) to <paramref name="body"/>.</summary>
    private string Management(ReadOnlySpan<byte> service, NetMQMessage body) =>
        !service.SequenceEqual(MajordomoFrames.ServiceLookupName) ? "501"
        : _services.TryGetValue(MajordomoFrames.Bytes(body[0]), out var looked) && looked.Workers > 0 ? "200"
        : "404";

    /// <summary>A worker's command, <c>[worker][][MDPW01][command]…</c>.</summary>
    private void HandleWorker(NetMQMessage message)
    {
        var address = message[0];
        _workers.TryGetValue(MajordomoFrames.Bytes(address), out var worker);
        var command = MajordomoFrames.WorkerCommandOf(message, 1);
        if (command is null || !HasFramesOf(command.Value, message))
        {
            DroppedInvalid(message.FrameCount, $"not a well-formed MDP/Worker command{(command is null ? "" : " " + command)}");
            if (worker is not null)
            {
                Delete(worker, disconnect: true, "it sent a malformed command");
            }

            return;
        }

        if (worker is not null)
        {
            worker.Expiry = Environment.TickCount64 + (long)_options.WorkerExpiry.TotalMilliseconds;
        }

        switch (command.Value)
        {
            case MajordomoFrames.Command.Ready:
                Register(worker, address, message[4]);
                break;
            case MajordomoFrames.Command.Reply when worker?.Request is { } request && request.Client.Span().SequenceEqual(message[4].Span()):
                ReplyToClient(worker, message);
                break;
            case MajordomoFrames.Command.Heartbeat when worker is not null:
                if (worker.Request is null && worker.Waiting.List is null)
                {
                    // Set aside when its queue was full for a REQUEST (OnUndeliverable).
                    ReadyForWork(worker);
                }

                break;
            case MajordomoFrames.Command.Disconnect:
                if (worker is not null)
                {
                    Delete(worker, disconnect: false, "it sent DISCONNECT", leaving: true);
                }

                break;
            default:
                // A valid command the broker did not expect (RFC 7: answered by DISCONNECT, and then nothing more).
                if (worker is null)
                {
                    Send(address, MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Disconnect));
                }
                else
                {
                    Delete(worker, disconnect: true, $"it sent an unexpected {command}");
                }

                break;
        }
    }

    /// <summary>Whether the message has the frames its command needs: READY exactly a service name; REQUEST and REPLY a client address, an empty frame and a body; the others nothing.</summary>
    private static bool HasFramesOf(MajordomoFrames.Command command, NetMQMessage message) => command switch
    {
        MajordomoFrames.Command.Ready => message.FrameCount == 5,
        MajordomoFrames.Command.Request or MajordomoFrames.Command.Reply => message.FrameCount >= 7 && message[5].IsEmpty,
        _ => message.FrameCount == 4,
    };

    private void Register(BrokerWorker? known, NetMQFrame address, NetMQFrame serviceName)
    {
        if (known is not null)
        {
            Delete(known, disconnect: true, "it sent a second READY");
            return;
        }

        var serviceKey = MajordomoFrames.Bytes(serviceName);
        if (serviceKey.Span.StartsWith(MajordomoFrames.ManagementPrefixBytes))
        {
            // RFC 8: the mmi. services are the broker's own; a worker that offers one is disconnected.
            DroppedInvalid(5, $"a worker may not register {FrameExtensions.Printable(serviceName.Span())}: mmi. services are the broker's");
            Send(address, MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Disconnect));
            return;
        }

        var service = ServiceNamed(serviceKey);
        var worker = new BrokerWorker(address, service) { Expiry = Environment.TickCount64 + (long)_options.WorkerExpiry.TotalMilliseconds };
        _workers[MajordomoFrames.Bytes(address)] = worker;
        service.Workers++;
        Log.WorkerRegistered(_logger, Endpoint, worker.Key, service.Name);
        ReadyForWork(worker);
    }

    /// <summary>A REPLY, <c>[worker][][MDPW01][0x03][client][][body…]</c>: to the client as <c>[client][][MDPC01][service][body…]</c>.</summary>
    private void ReplyToClient(BrokerWorker worker, NetMQMessage message)
    {
        for (var i = 0; i < 4; i++)
        {
            message.Pop();
        }

        var client = message.Pop();
        message.Pop();
        SendToClient(client, worker.Service.NameFrame, message);
        worker.Request = null;
        ReadyForWork(worker);
    }

    /// <summary>Puts <paramref name="worker"/> last among its service's waiting workers, and hands it a request if one waits.</summary>
    private void ReadyForWork(BrokerWorker worker)
    {
        worker.Service.WaitingWorkers.AddLast(worker.Waiting);
        Dispatch(worker.Service);
    }

    private void SendToClient(NetMQFrame client, NetMQFrame service, NetMQMessage body)
    {
        body.Push(service);
        body.Push(MajordomoFrames.ClientHeaderFrame);
        body.Push(MajordomoFrames.EmptyFrame);
        body.Push(client);
        _loop.Send(body);
    }

    /// <summary>
    /// Hands waiting requests to waiting workers, oldest request to the worker that has waited longest. One that cannot be
    /// sent comes back first in line and its worker is deleted (<see cref="OnUndeliverable"/>, which dispatches again, from
    /// within the send): so each turn of the loop reads the lists afresh.
    /// </summary>
    private void Dispatch(BrokerService service)
    {
        var now = Environment.TickCount64;
        while (service.WaitingWorkers.First is { } waiting && service.Requests.TryDequeue(out var queued))
        {
            _queued--;
            if (now >= queued.Expiry)
            {
                DroppedRequest(service.Key.Span, $"no worker took it within {_options.RequestExpiry.TotalSeconds:0.###} s");
                continue;
            }

            var worker = waiting.Value;
            service.WaitingWorkers.RemoveFirst();
            worker.Request = queued;
            Send(worker.Address, MajordomoFrames.PushWorkerCommand(MajordomoFrames.Command.Request, queued.Message));
        }
    }

    /// <summary>
    /// Forgets <paramref name="worker"/>, telling it so when <paramref name="disconnect"/>; the request it was handling is
    /// dropped, never sent to another worker (one that never reached it is taken from it first: see
    /// <see cref="OnUndeliverable"/>), and its client is told (<see cref="AnswerLost"/>). A worker <paramref name="leaving"/> by its own DISCONNECT with no request in hand
    /// is the normal end of a worker, not worth a warning.
    /// </summary>
    private void Delete(BrokerWorker worker, bool disconnect, string reason, bool leaving = false)
    {
        if (disconnect)
        {
            Send(worker.Address, MajordomoFrames.WorkerCommand(MajordomoFrames.Command.Disconnect));
        }

        if (worker.Waiting.List is not null)
        {
            worker.Service.WaitingWorkers.Remove(worker.Waiting);
        }

        worker.Service.Workers--;
        _workers.Remove(MajordomoFrames.Bytes(worker.Address));
        _unserved.Note(worker.Service);
        if (leaving && worker.Request is null)
        {
            Log.WorkerLeft(_logger, Endpoint, worker.Key, worker.Service.Name);
        }
        else
        {
            var request = worker.Request is not { } lost ? Log.NoRequest
                : AnswerLost(worker.Service, lost, reason) ? Log.DroppedRequestAnswered
                : Log.DroppedRequest;
            Log.WorkerGone(_logger, Endpoint, worker.Key, worker.Service.Name, reason, request);
        }
    }

    /// <summary>
    /// Answers the client of a request whose worker is gone with a <c>worker-lost</c> error reply (docs/protocol.md), at
    /// once rather than after its request timeout, when the request ends with a ZmqContracts correlation tag: such a
    /// client reads the error, and sends an idempotent call again. An MDP client of another kind might take the error for
    /// the worker's reply, so it is left to its own timeout. Returns whether the client was answered.
    /// </summary>
    private bool AnswerLost(BrokerService service, BrokerRequest request, string reason)
    {
        var tag = request.Message.Last;
        if (!MajordomoFrames.TryReadTag(tag, out _))
        {
            return false;
        }

        var answer = new NetMQMessage(3);
        ErrorReply.Append(answer, ZmqErrorCode.WorkerLost, null, $"the worker handling it is gone ({reason}), so it may have run");
        answer.Append(tag);
        SendToClient(request.Client, service.NameFrame, answer);
        return true;
    }

    /// <summary>
    /// A message the socket would not take; under the socket's lock, but for one sent after disposal. A REQUEST or
    /// HEARTBEAT that did not reach a known worker because its connection is gone (RouterMandatory) deletes the worker,
    /// as its expiry would. One refused without an error found the worker's queue full: the worker is busy or reads
    /// slowly, not gone (RFC 7 takes a worker for dead only when it falls silent: its expiry), so it stays registered,
    /// keeps the request it has in hand, and its reply reaches the client; a HEARTBEAT is skipped, and a worker refused a
    /// REQUEST gets none until its next HEARTBEAT (<see cref="ReadyForWork"/>). A REQUEST either way goes back first in line
    /// for the next worker: it never reached the first one, so it cannot run twice. Anything else is only logged: a reply
    /// whose client is gone has nowhere to go.
    /// </summary>
    private void OnUndeliverable(NetMQMessage message, Exception? error)
    {
        Log.BrokerUndeliverable(_logger, error, Endpoint);
        var command = MajordomoFrames.WorkerCommandOf(message, 1);
        if (error is ObjectDisposedException
            || command is not (MajordomoFrames.Command.Request or MajordomoFrames.Command.Heartbeat)
            || !_workers.TryGetValue(MajordomoFrames.Bytes(message[0]), out var worker))
        {
            return;
        }

        BrokerRequest? undelivered = null;
        if (command == MajordomoFrames.Command.Request)
        {
            undelivered = worker.Request;
            worker.Request = null;
        }

        if (error is null)
        {
            Log.WorkerQueueFull(_logger, Endpoint, worker.Key, worker.Service.Name, command.Value,
                undelivered is null ? Log.HeartbeatSkipped : Log.RequestPutBack);
        }
        else
        {
            Delete(worker, disconnect: false, $"its connection is gone: a {command} could not be sent to it");
        }

        if (undelivered is { } request)
        {
            // [worker][][MDPW01][REQUEST] off, back to the request as it waited: [client][][body…].
            for (var i = 0; i < 4; i++)
            {
                message.Pop();
            }

            worker.Service.Requests.PutBack(request with { Message = message });
            _queued++;
            _unserved.Note(worker.Service);
            Dispatch(worker.Service);
        }
    }

    /// <summary>Logs a message dropped as not MDP/0.1: the first for its reason with its details, the next ones counted (<see cref="_drops"/>).</summary>
    private void DroppedInvalid(int frameCount, string reason)
    {
        if (_drops.IsFirst($"messages that are not MDP/0.1 ({reason})"))
        {
            Log.BrokerDroppedInvalid(_logger, Endpoint, frameCount, reason);
        }
    }

    /// <summary>
    /// Logs a request dropped: the first for its reason with its service, the next ones counted (<see cref="_drops"/>)
    /// whatever their service, so that service names a peer chooses neither fill the log nor the counts' memory.
    /// </summary>
    /// <param name="service">The service's name as bytes, made text only for the line logged.</param>
    /// <param name="reason">Why it was dropped.</param>
    private void DroppedRequest(ReadOnlySpan<byte> service, string reason)
    {
        if (_drops.IsFirst($"requests ({reason})"))
        {
            Log.BrokerDroppedRequest(_logger, Endpoint, BrokerService.NameOf(service), reason);
        }
    }

    private BrokerService ServiceNamed(ReadOnlyMemory<byte> key)
    {
        if (!_services.TryGetValue(key, out var service))
        {
            service = new BrokerService(key.ToArray());
            _services[service.Key] = service;
        }

        return service;
    }

    private void Send(NetMQFrame address, NetMQMessage command)
    {
        command.Push(address);
        _loop.Send(command);
    }
}
