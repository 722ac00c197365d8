using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ZmqContracts;

/// <summary>What every ZmqContracts endpoint can be told: its serializer, its logger, its socket limits and its encryption.</summary>
public abstract record ZmqSocketOptions
{
    /// <summary>
    /// How payloads are written and read. <see langword="null"/> (the default) means the contract's format: MessagePack,
    /// unless its attribute states another (<c>[Reply(Format = ZmqFormat.Json)]</c>).
    /// </summary>
    public IZmqSerializer? Serializer { get; set; }

    /// <summary>Where malformed frames, failed handlers and dropped messages are reported. Default: nothing is logged.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>
    /// How many outgoing messages ZeroMQ queues per peer before a send can no longer be queued
    /// (the send high-water mark). Default 10,000: NetMQ's own default of 1,000 is easily reached by a burst.
    /// </summary>
    public int SendHighWatermark { get; set; } = 10_000;

    /// <summary>How many incoming messages ZeroMQ queues per peer before it stops reading from that peer. Default 10,000.</summary>
    public int ReceiveHighWatermark { get; set; } = 10_000;

    /// <summary>
    /// The largest frame, in bytes, this endpoint accepts from a peer. ZeroMQ checks the length a frame declares before it
    /// reads or allocates anything, and a peer that sends a longer frame is disconnected (a connecting socket reconnects);
    /// the endpoint goes on serving its other peers. The limit is per frame, not per message: a message of many frames
    /// may be larger in total. Default 16 MiB: far above any typed message yet small enough that a hostile or broken peer
    /// cannot make the process allocate gigabytes by declaring a huge frame (ZeroMQ's own default is no limit).
    /// What this endpoint sends is held to the same limit: a request, item or message over it throws
    /// <see cref="ZmqMessageTooLargeException"/> before anything is sent, and a server's reply or a worker's result over it
    /// fails its call or its item instead of being sent.
    /// </summary>
    public long MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Which messages carry the sending span's trace context to the peer, in a trailing <c>zmqc.trace</c> frame, while a
    /// listener records ZmqContracts' spans (<see cref="ZmqTelemetry.ActivitySourceName"/>). Default
    /// <see cref="ZmqTraceContextFrame.MultipartMessages"/>: a one-frame message stays one frame for peers that read one
    /// frame at a time.
    /// </summary>
    public ZmqTraceContextFrame TraceContextFrame { get; set; } = ZmqTraceContextFrame.MultipartMessages;

    /// <summary>
    /// CURVE encryption of every socket this endpoint makes: <see cref="ZmqCurve.Server"/> with the server key pair on the
    /// side that binds (server, publisher, producer, collector, relay), <see cref="ZmqCurve.Client"/> with the server's
    /// public key on the side that connects (client, subscriber, worker). Both ends of a connection must use CURVE, and
    /// a client talks only to the server whose public key it has. Default <see langword="null"/>: no encryption. NetMQ
    /// does not check client keys and still accepts ZeroMQ 2.x (ZMTP 1.0/2.0) peers unencrypted; see docs/security.md.
    /// </summary>
    public ZmqCurve? Curve { get; set; }

    /// <summary>
    /// The endpoint option a host of ZmqContracts.Hosting needs set, by name and value, and whether the endpoint connects to
    /// it (rather than binds it): <c>Endpoint</c>, or a worker's <c>InputEndpoint</c>.
    /// </summary>
    internal abstract (string Name, string? Value, bool Connects) HostedEndpoint { get; }

    /// <summary>The endpoint options that may be left unset, as <see cref="HostedEndpoint"/>: a worker's <c>OutputEndpoint</c>, an <c>AcknowledgementEndpoint</c>.</summary>
    internal virtual (string Name, string? Value, bool Connects)[] OptionalEndpoints => [];

    /// <summary>
    /// The smallest <see cref="MaxMessageSize"/>: ZeroMQ holds the commands of its handshake to the limit too (44 bytes
    /// measured without encryption), so that a smaller one would refuse every connection, without a word; and an error
    /// reply takes up to about 200.
    /// </summary>
    internal const long SmallestMaxMessageSize = 256;

    /// <summary>The smallest <see cref="MaxMessageSize"/> with <see cref="Curve"/>, whose handshake's commands take a few hundred bytes.</summary>
    internal const long SmallestCurveMaxMessageSize = 512;

    /// <summary>
    /// The longest time an option may give: <see cref="int.MaxValue"/> milliseconds, about 24.8 days, the most a NetMQ
    /// socket option (linger, heartbeats) holds; .NET timers take twice that.
    /// </summary>
    internal static readonly TimeSpan LongestTime = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>
    /// A copy of <paramref name="options"/> (the defaults for <see langword="null"/>), checked: what an endpoint keeps, so
    /// that a change to the caller's object after the constructor neither skips the checks nor reaches half the endpoint
    /// (the socket's settings are applied once, the others are read as they are used).
    /// </summary>
    /// <exception cref="ArgumentException">Values are out of range: see <see cref="Validate"/>.</exception>
    internal static TOptions Validated<TOptions>(TOptions? options)
        where TOptions : ZmqSocketOptions, new()
    {
        var copy = options is null ? new TOptions() : (TOptions)options.Copy();
        copy.Validate();
        return copy;
    }

    private ZmqSocketOptions Copy() => this with { };

    /// <summary>A copy of these options that logs to <paramref name="logger"/>: how a host gives each endpoint a logger of its own.</summary>
    internal ZmqSocketOptions WithLogger(ILogger logger) => this with { Logger = logger };

    /// <summary>
    /// Throws when values are out of range, so that a user fixes them all in one go: for one option, its own
    /// <see cref="ArgumentException"/> (most often an <see cref="ArgumentOutOfRangeException"/>), whose
    /// <see cref="ArgumentException.ParamName"/> names it; for several, an <see cref="ArgumentException"/> whose message
    /// lists each, and whose inner <see cref="AggregateException"/> holds their exceptions.
    /// </summary>
    internal void Validate()
    {
        var problems = Problems();
        if (problems.Count == 1)
        {
            ExceptionDispatchInfo.Throw(problems[0]);
        }

        if (problems.Count > 1)
        {
            throw new ArgumentException(
                $"{problems.Count} options of {GetType().Name} are out of range:{string.Concat(problems.Select(problem => $"{Environment.NewLine}- {problem.Message}"))}",
                new AggregateException(problems));
        }
    }

    /// <summary>What is out of range: the first problem found with each option, in the order checked; empty when all is well.</summary>
    internal IReadOnlyList<ArgumentException> Problems()
    {
        var problems = new OptionProblems();
        Check(problems);
        return problems.Found;
    }

    /// <summary>Notes each value out of range in <paramref name="problems"/>, naming its option.</summary>
    internal virtual void Check(OptionProblems problems)
    {
        problems.Check(() => ArgumentNullException.ThrowIfNull(Logger));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegative(SendHighWatermark));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfNegative(ReceiveHighWatermark));
        var smallest = Curve is null ? SmallestMaxMessageSize : SmallestCurveMaxMessageSize;
        if (MaxMessageSize < smallest)
        {
            problems.Add(new ArgumentOutOfRangeException(nameof(MaxMessageSize), MaxMessageSize,
                $"{nameof(MaxMessageSize)} must be at least {smallest} bytes{(Curve is null ? "" : " with CURVE")}: ZeroMQ holds its handshake to it too, and the protocol's error replies need room."));
        }

        if (!Enum.IsDefined(TraceContextFrame))
        {
            problems.Add(new ArgumentOutOfRangeException(nameof(TraceContextFrame), TraceContextFrame, $"{nameof(TraceContextFrame)} must be one of the values of {nameof(ZmqTraceContextFrame)}."));
        }

        if (ZmtpHeartbeatInterval != System.Threading.Timeout.InfiniteTimeSpan)
        {
            // A peer is dropped after three intervals of silence, which must fit a socket option too.
            problems.Check(() => ThrowIfNotTime(ZmtpHeartbeatInterval, "HeartbeatInterval", TimeSpan.FromMilliseconds(1), LongestTime / 3));
        }
    }

    /// <summary>
    /// How often this role's sockets send a ZeroMQ heartbeat (a ZMTP PING) on each connection, dropping one from which
    /// nothing at all comes back within three intervals: the <c>HeartbeatInterval</c> of the roles that have one,
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (none) for the others.
    /// </summary>
    internal virtual TimeSpan ZmtpHeartbeatInterval => System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Makes a socket for <paramref name="owner"/> through <paramref name="make"/> (see <see cref="SocketEndpoints.Make"/>)
    /// and applies these options' limits, heartbeats, encryption and the given linger to it: the one place endpoints make
    /// sockets and apply socket options.
    /// </summary>
    /// <exception cref="ZmqException">NetMQ's limit of open sockets (<c>NetMQConfig.MaxSockets</c>) is reached.</exception>
    internal TSocket NewSocket<TSocket>(string owner, Func<TSocket> make, TimeSpan linger)
        where TSocket : NetMQ.NetMQSocket
    {
        var socket = SocketEndpoints.Make(owner, make);
        socket.Options.Linger = linger;
        socket.Options.SendHighWatermark = SendHighWatermark;
        socket.Options.ReceiveHighWatermark = ReceiveHighWatermark;
        // MaxMessageSize counts a frame's own bytes, which a sender checks; encrypted, the receiver's ZeroMQ sees more.
        socket.Options.MaxMsgSize = Curve is null ? MaxMessageSize : MaxMessageSize + Math.Min(ZmqCurve.FrameOverhead, long.MaxValue - MaxMessageSize);
        Curve?.Apply(socket.Options);
        if (ZmtpHeartbeatInterval != System.Threading.Timeout.InfiniteTimeSpan)
        {
            socket.Options.HeartbeatInterval = ZmtpHeartbeatInterval;
            socket.Options.HeartbeatTimeout = ZmtpHeartbeatInterval * 3;
        }

        return socket;
    }

    /// <summary>The logger an endpoint writes to: <see cref="Logger"/>, with whatever it throws contained (see <see cref="ZmqContracts.ContainedLogger"/>).</summary>
    internal ILogger ContainedLogger() => ZmqContracts.ContainedLogger.Of(Logger);

    /// <summary>The serializer this endpoint uses: the one set here, else the contract's.</summary>
    internal IZmqSerializer SerializerFor(IZmqSerializer contractSerializer) => Serializer ?? contractSerializer;

    internal static void ThrowIfNotPositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero && value != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>
    /// Throws unless <paramref name="value"/> is from <paramref name="shortest"/> to <paramref name="longest"/>
    /// (at most <see cref="LongestTime"/>): what timers and NetMQ's millisecond options can hold. A time under a
    /// millisecond would be rounded to none, which turns a heartbeat off or makes a timer fire once.
    /// </summary>
    internal static void ThrowIfNotTime(TimeSpan value, string name, TimeSpan shortest, TimeSpan longest)
    {
        if (value < shortest || value > longest)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be from {shortest} to {longest} (about {Math.Floor(longest.TotalDays * 10) / 10} days).");
        }
    }

    /// <summary>As <see cref="ThrowIfNotTime"/> for a linger: from zero to <see cref="LongestTime"/>.</summary>
    internal static void ThrowIfNotLinger(TimeSpan value, string name) => ThrowIfNotTime(value, name, TimeSpan.Zero, LongestTime);

    /// <summary>As <see cref="ThrowIfNotTime"/> for a drain timeout or an interval: from a millisecond to <see cref="LongestTime"/>.</summary>
    internal static void ThrowIfNotInterval(TimeSpan value, string name) => ThrowIfNotTime(value, name, TimeSpan.FromMilliseconds(1), LongestTime);

    /// <summary>
    /// Notes in <paramref name="problems"/> unless Majordomo's heartbeat is an interval (<see cref="ThrowIfNotInterval"/>)
    /// and a liveness of at least one whose product, the silence after which the peer is taken for dead, is at most
    /// <see cref="LongestTime"/>.
    /// </summary>
    internal static void CheckHeartbeat(OptionProblems problems, TimeSpan interval, int liveness)
    {
        problems.Check(() => ThrowIfNotInterval(interval, "HeartbeatInterval"));
        problems.Check(() => ArgumentOutOfRangeException.ThrowIfLessThan(liveness, 1, "HeartbeatLiveness"));
        if (!problems.Has("HeartbeatInterval") && !problems.Has("HeartbeatLiveness") && interval.TotalMilliseconds * liveness > LongestTime.TotalMilliseconds)
        {
            problems.Add(new ArgumentOutOfRangeException("HeartbeatLiveness", liveness,
                $"HeartbeatInterval × HeartbeatLiveness ({interval} × {liveness}), the silence after which the peer is taken for dead, must be at most {LongestTime} (about {Math.Floor(LongestTime.TotalDays * 10) / 10} days)."));
        }
    }

    /// <summary>
    /// Throws unless a Majordomo <c>ServiceName</c> is <see langword="null"/> (the contract's name) or a service a typed
    /// peer may use: not empty, and not one of the broker's own <c>mmi.</c> services (RFC 8), which <paramref name="refusal"/>
    /// says why a role may not use.
    /// </summary>
    internal static void ThrowIfNotServiceName(string? serviceName, string refusal)
    {
        if (serviceName is { Length: 0 })
        {
            throw new ArgumentException("ServiceName must not be empty; leave it null for the contract's name.", "ServiceName");
        }

        if (serviceName?.StartsWith(MajordomoFrames.ManagementPrefix, StringComparison.Ordinal) == true)
        {
            throw new ArgumentException($"ServiceName '{serviceName}' is one of the broker's own mmi. services (RFC 8): {refusal}.", "ServiceName");
        }
    }

    /// <summary>The most handlers a server or a worker runs at once (<c>MaxConcurrency</c>): each is a task of its own from the start.</summary>
    internal const int MaxConcurrencyLimit = 100_000;
}
