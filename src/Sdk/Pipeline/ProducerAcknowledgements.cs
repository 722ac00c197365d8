using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using NetMQ;
using NetMQ.Sockets;

namespace ZmqContracts.Runtime;

/// <summary>
/// A producer's side of acknowledged mode: every item gets an id and waits in an <see cref="AcknowledgementWindow"/>
/// until the collector acknowledges it, through a SUB socket connected to the collector's acknowledgement endpoint and
/// subscribed to this producer's identity; an item not acknowledged within <see cref="ZmqProducerOptions.RedeliveryTimeout"/>
/// is sent again, up to <see cref="ZmqProducerOptions.MaxRedeliveries"/> times. An item whose redelivery failed as well
/// is a suspect: it is sent alone (<see cref="ItemIsolation"/>), so that an item a worker drops its connection for
/// cannot take the items behind it along, again and again, until they are all abandoned together.
/// </summary>
internal sealed class ProducerAcknowledgements : IDisposable
{
    /// <summary>How many acknowledgement messages one wake-up reads at most.</summary>
    private const int ReceiveBatch = 256;

    private readonly string _contract;
    private readonly ZmqProducerOptions _options;
    private readonly ILogger _logger;
    private readonly PipelineFraming _framing;
    private readonly SocketLoop _items;
    private readonly SocketLoop _acknowledgements;
    private readonly AcknowledgementWindow _window;
    private readonly ItemIsolation _isolation = new();
    private readonly byte[] _topic;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _redelivering;
    private long _redelivered;
    private long _abandoned;

    /// <param name="contract">The contract's name, for messages.</param>
    /// <param name="owner">The producer's public type, for messages.</param>
    /// <param name="options">The producer's options; <see cref="ZmqProducerOptions.AcknowledgementEndpoint"/> is set.</param>
    /// <param name="framing">Whether items name their operation.</param>
    /// <param name="items">The producer's PUSH socket loop, which items and redeliveries go through.</param>
    public ProducerAcknowledgements(string contract, string owner, ZmqProducerOptions options, PipelineFraming framing, SocketLoop items)
    {
        _contract = contract;
        _options = options;
        _logger = options.ContainedLogger();
        _framing = framing;
        _items = items;
        _window = new AcknowledgementWindow(options.MaxPendingItems, owner);
        _topic = _window.Producer.ToByteArray();

        var socket = (options with { Curve = options.Curve?.ClientOfOwnKeys() }).NewSocket(owner, static () => new SubscriberSocket(), linger: TimeSpan.Zero);
        socket.Subscribe(_topic);
        _acknowledgements = new SocketLoop(owner, socket, ReadAcknowledgements, static (_, _) => { }, logger: _logger);
        try
        {
            _acknowledgements.Connect(options.AcknowledgementEndpoint!);
        }
        catch
        {
            _acknowledgements.Dispose();
            throw;
        }

        _acknowledgements.Start();
        _redelivering = RedeliverAsync();
    }

    public int PendingItems => _window.Count;

    public long ItemsRedelivered => Interlocked.Read(ref _redelivered);

    public long ItemsAbandoned => Interlocked.Read(ref _abandoned);

    /// <summary>
    /// Sends an item with an id once the window has room for it; it is then sent again until acknowledged. Each delivery
    /// carries the trace frame of <paramref name="span"/>, the send's span, when it is traced and the options allow it.
    /// </summary>
    public async ValueTask SendAsync(byte[] operation, byte[] payload, Activity? span, CancellationToken cancellationToken)
    {
        var (item, id) = await _window.AddAsync(operation, payload, cancellationToken).ConfigureAwait(false);
        item.TraceFrame = TraceContextFrame.For(span, _options.TraceContextFrame, PipelineMessages.TrailerIndex(_framing) + 1);

        try
        {
            await _isolation.EnterSendAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await DeliverAsync(item, id, cancellationToken).ConfigureAwait(false);
                _window.Sent(item, _options.RedeliveryTimeout);
            }
            finally
            {
                _isolation.ExitSend();
            }
        }
        catch
        {
            _window.Remove(item.Sequence);
            throw;
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every pending item to be acknowledged, then stops redelivering.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _window.Close();
        var unacknowledged = await _window.WaitEmptyAsync(timeout).ConfigureAwait(false);
        if (unacknowledged > 0)
        {
            Log.ItemsUnacknowledged(_logger, _contract, unacknowledged, timeout);
        }

        _stopping.Cancel();
        await _redelivering.ConfigureAwait(false);
        _isolation.End();
    }

    public void Dispose()
    {
        _window.Close();
        _stopping.Cancel();
        _isolation.End();
        _acknowledgements.Dispose();
    }

    /// <summary>Sends one delivery of <paramref name="item"/>; an item of its payload and id alone goes as their bytes, with no message made.</summary>
    private ValueTask DeliverAsync(PendingItem item, ItemId id, CancellationToken cancellationToken)
    {
        if (_framing == PipelineFraming.Payload && item.TraceFrame is null)
        {
            return _items.SendAsync(item.Payload, id.ToFrame(), cancellationToken);
        }

        var message = PipelineMessages.Item(_framing, item.Operation, item.Payload);
        message.Append(id.ToFrame());
        if (item.TraceFrame is { } trace)
        {
            message.Append(trace);
        }

        return _items.SendAsync(message, cancellationToken);
    }

    private bool ReadAcknowledgements(NetMQSocket socket)
    {
        NetMQMessage? message = null;
        for (var i = 0; i < ReceiveBatch; i++)
        {
            if (!FrameReceiving.TryReceiveMessage(socket, ref message))
            {
                return false;
            }

            if (message.FrameCount >= 3 && message[0].Span().SequenceEqual(_topic) && message[1].MessageSize == 8)
            {
                _window.Acknowledge(BinaryPrimitives.ReadInt64BigEndian(message[1].Span()), message[2].Span());
            }
        }

        return true;
    }

    /// <summary>
    /// Sends <paramref name="suspect"/> with every other send held, until it is acknowledged (true: the next suspect may
    /// go at once) or its deadline passes (false).
    /// </summary>
    private async Task<bool> SendAloneAsync(PendingItem suspect)
    {
        try
        {
            await _isolation.BeginAsync().WaitAsync(_stopping.Token).ConfigureAwait(false);
            Log.ItemSentAlone(_logger, _contract, suspect.Sequence, suspect.Deliveries);
            await SendAgainAsync(suspect).ConfigureAwait(false);
            return await _window.WaitAcknowledgedAsync(suspect, _stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            _isolation.End();
        }
    }

    private async Task SendAgainAsync(PendingItem item)
    {
        await DeliverAsync(item, _window.IdOf(item), _stopping.Token).ConfigureAwait(false);
        Interlocked.Increment(ref _redelivered);
        Count(Instrumentation.Redeliveries, item);
        Log.ItemRedelivered(_logger, _contract, item.Sequence, item.Deliveries);
    }

    /// <summary>Counts a redelivery or an abandonment, tagged with the item's destination, <c>{Contract}/{Operation}</c>.</summary>
    private void Count(Counter<long> counter, PendingItem item)
    {
        if (counter.Enabled)
        {
            var tags = Instrumentation.SystemOnly;
            tags.Add(SemanticConventions.MessagingDestinationName, $"{_contract}/{Encoding.UTF8.GetString(item.Operation)}");
            Instrumentation.Add(counter, 1, tags);
        }
    }

    private async Task RedeliverAsync()
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_options.RedeliveryTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(period);
        var redeliver = new List<PendingItem>();
        var abandoned = new List<PendingItem>();
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                PendingItem? suspect;
                do
                {
                    _window.TakeDue(_options.RedeliveryTimeout, _options.MaxRedeliveries + 1, redeliver, abandoned, out suspect);
                    foreach (var item in abandoned)
                    {
                        Interlocked.Increment(ref _abandoned);
                        Count(Instrumentation.AbandonedItems, item);
                        Log.ItemAbandoned(_logger, _contract, item.Sequence, _options.MaxRedeliveries);
                    }

                    foreach (var item in redeliver)
                    {
                        await SendAgainAsync(item).ConfigureAwait(false);
                    }

                    redeliver.Clear();
                    abandoned.Clear();
                }
                while (suspect is not null && await SendAloneAsync(suspect).ConfigureAwait(false));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
