using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The sending side of <see cref="SlowSubscriberMode.Wait"/>. Publishes one at a time, numbering them; a subscriber has
/// a message "on its way" from the moment it is queued until the subscriber acknowledges a marker sent after it. A
/// publish waits while any subscriber has a full window on its way; before waiting it sends that subscriber a marker,
/// and every half window it sends every subscriber one, so an acknowledgement that frees the window is always coming.
/// One that was lost is sent again after <see cref="MarkerRetry"/> without progress.
/// </summary>
/// <remarks>
/// Markers go through the same socket as the messages, after them, so a subscriber that acknowledges marker n has read
/// every message before it. Only what a subscriber actually read is ever counted as read: the count can run ahead of
/// the truth (a message queued for a subscriber that no longer wanted it is counted until the next marker comes back),
/// never behind, and the window can only be undercounted by the messages sent before a new subscriber's identity was seen.
/// </remarks>
internal sealed class PublisherFlow : IDisposable
{
    /// <summary>How long a publish waits for an acknowledgement before it sends the subscribers it waits for a marker again: 1 second.</summary>
    internal static readonly TimeSpan MarkerRetry = TimeSpan.FromSeconds(1);

    private readonly PublisherSender _sender;
    private readonly byte[] _publisherId;
    private readonly int _window;
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly object _gate = new();
    private readonly Dictionary<string, Peer> _peers = new(StringComparer.Ordinal);

    /// <summary>Armed by each wait: when it fires first, the wait's markers are taken as lost (<see cref="RetryMarkers"/>).</summary>
    private readonly Timer _retry;
    private TaskCompletionSource? _progress;
    private long _queued;
    private bool _disposed;

    public PublisherFlow(PublisherSender sender, byte[] publisherId, int window, ILogger logger, string endpoint)
    {
        _sender = sender;
        _publisherId = publisherId;
        _window = window;
        _logger = logger;
        _endpoint = endpoint;
        _retry = new Timer(static flow => ((PublisherFlow)flow!).RetryMarkers(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends <paramref name="message"/> once every subscriber has room for it.</summary>
    /// <exception cref="ObjectDisposedException">The publisher was disposed; the message was not sent.</exception>
    public async ValueTask SendAsync(PublisherSender.Outgoing message, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!HasRoom(out var progress, out var probes))
            {
                Log.WaitingForSubscribers(_logger, _endpoint, _window);
                SendMarkers(probes);
                await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            _sender.Send(message);
            try
            {
                SendMarkers(CountQueued());
            }
            catch (ObjectDisposedException)
            {
                // The message went out: throwing now would tell the caller it was not published. Once the publisher is
                // disposed no publish waits for a marker, so it does not matter that these are not sent.
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>A subscriber's identity topic appeared: it has nothing of ours on its way yet.</summary>
    public void PeerJoined(string identity) => Update(() => _peers[identity] = new Peer(Encoding.ASCII.GetBytes(identity), _queued));

    /// <summary>A subscriber's identity topic disappeared (it unsubscribed or its connection ended): stop waiting for it.</summary>
    public void PeerLeft(string identity) => Update(() => _peers.Remove(identity));

    /// <summary>Reads an acknowledgement; returns false when it is not one of ours.</summary>
    public bool TryAcknowledge(NetMQMessage message)
    {
        if (!FlowFrames.TryReadAck(message, _publisherId, out var identity, out var sequence))
        {
            return false;
        }

        Update(() =>
        {
            if (_peers.TryGetValue(identity, out var peer))
            {
                // A marker not sent yet cannot be acknowledged: a forged acknowledgement must not open the window further.
                peer.Acknowledged = Math.Max(peer.Acknowledged, Math.Min(sequence, peer.LastMarker));
            }
        });
        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _retry.Dispose();
            // A publish that waits looks again and finds the publisher disposed; one whose caller stopped waiting leaves
            // no failure behind for nobody to observe.
            _progress?.TrySetResult();
            _progress = null;
        }
    }

    /// <summary>Whether every subscriber has room for one more message; if not, the markers to send first (<see langword="null"/> for none) and what to wait for.</summary>
    private bool HasRoom(out Task progress, out List<NetMQMessage>? probes)
    {
        probes = null;
        var full = false;
        lock (_gate)
        {
            if (_disposed)
            {
                throw PublisherSender.NotSent();
            }

            foreach (var peer in _peers.Values)
            {
                if (_queued - peer.Acknowledged < _window)
                {
                    continue;
                }

                full = true;
                if (peer.LastMarker < _queued)
                {
                    peer.LastMarker = _queued;
                    (probes ??= []).Add(FlowFrames.Marker(peer.IdentityTopic, _publisherId, _queued));
                }
            }

            if (!full)
            {
                progress = Task.CompletedTask;
                return true;
            }

            _progress ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            progress = _progress.Task;
            _retry.Change(MarkerRetry, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    /// <summary>
    /// On the timer, when a wait has gone on for <see cref="MarkerRetry"/>: a marker or its acknowledgement can be lost
    /// (an acknowledgement dropped at a full queue, a reconnection the socket did not report), so the markers sent to the
    /// subscribers with a full window are taken as lost, and the waiting publish looks again, which sends them new ones.
    /// </summary>
    private void RetryMarkers()
    {
        lock (_gate)
        {
            if (_progress is null)
            {
                return;
            }

            foreach (var peer in _peers.Values)
            {
                if (_queued - peer.Acknowledged >= _window)
                {
                    peer.LastMarker = peer.Acknowledged;
                }
            }

            _progress.TrySetResult();
            _progress = null;
        }
    }

    /// <summary>Counts a message sent; every half window, returns the markers to send every subscriber (<see langword="null"/> in between).</summary>
    private List<NetMQMessage>? CountQueued()
    {
        lock (_gate)
        {
            _queued++;
            if (_queued % (_window / 2) != 0)
            {
                return null;
            }

            var markers = new List<NetMQMessage>(_peers.Count);
            foreach (var peer in _peers.Values)
            {
                peer.LastMarker = _queued;
                markers.Add(FlowFrames.Marker(peer.IdentityTopic, _publisherId, _queued));
            }

            return markers;
        }
    }

    /// <summary>Sends markers whatever the caller's cancellation: a marker that is not sent could leave a later publish waiting for ever.</summary>
    private void SendMarkers(List<NetMQMessage>? markers)
    {
        if (markers is null)
        {
            return;
        }

        foreach (var marker in markers)
        {
            _sender.Send(PublisherSender.Outgoing.ForMarker(marker));
        }
    }

    private void Update(Action change)
    {
        lock (_gate)
        {
            change();
            _progress?.TrySetResult();
            _progress = null;
        }
    }

    private sealed class Peer(byte[] identityTopic, long queued)
    {
        public byte[] IdentityTopic { get; } = identityTopic;

        /// <summary>The sequence number of the last marker it acknowledged: everything up to it has been read.</summary>
        public long Acknowledged { get; set; } = queued;

        /// <summary>The sequence number of the last marker sent to it.</summary>
        public long LastMarker { get; set; } = queued;
    }
}
