using System;
using Microsoft.Extensions.Logging;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The publisher's send path: the publishing thread itself numbers each message in its topic's stream and hands it to
/// the XPUB socket as <c>[topic][payload][position]</c> (<c>[topic][payload]</c> when
/// <see cref="ZmqPublisherOptions.NumberMessages"/> is off), and the trace frame last when the publish is traced, holding
/// the socket while it does. Numbering while holding the socket is what keeps the numbers in the order the messages go
/// out, whatever threads publish.
/// </summary>
/// <remarks>
/// An XPUB socket never refuses a message (past a subscriber's high-water mark it drops it for that subscriber, which
/// the subscriber detects by the gap in the numbers), so nothing ever waits to be sent.
/// </remarks>
internal sealed class PublisherSender(SocketLoop loop, byte[] publisherId, ZmqPublisherOptions options, string endpoint)
{
    private readonly SequenceTable? _sequences = options.NumberMessages ? new SequenceTable(options.MaxNumberedTopics, forgetsByPrefix: false) : null;
    private readonly ILogger _logger = options.ContainedLogger();

    /// <summary>Hands <paramref name="message"/> to the socket.</summary>
    /// <exception cref="ObjectDisposedException">The publisher was disposed; the message was not sent.</exception>
    public void Send(Outgoing message)
    {
        if (!loop.RunOnLoop((Sender: this, Message: message), static (socket, send) => send.Sender.Send(socket, send.Message)))
        {
            throw NotSent();
        }
    }

    /// <summary>What a publish after the publisher's disposal throws.</summary>
    public static ObjectDisposedException NotSent() => new(nameof(ZmqPublisher), "The publisher was disposed; the message was not sent.");

    private void Send(NetMQSocket socket, Outgoing message)
    {
        try
        {
            if (message.Marker is { } marker)
            {
                socket.SendMultipartMessage(marker);
            }
            else
            {
                SendMessage(socket, message);
            }

            // So that a close lets the socket write this message out before it disposes it (SocketLoop.CloseAsync).
            loop.NoteHandedOver();
        }
        catch (NetMQException exception)
        {
            Log.PublishFailed(_logger, exception, endpoint);
        }
    }

    /// <summary>Sends <c>[topic][payload]</c>, numbered when the options say so, with its trace frame last if it has one.</summary>
    private void SendMessage(NetMQSocket socket, Outgoing message)
    {
        FrameSending.SendFrame(socket, message.Topic, more: true);
        FrameSending.SendFrame(socket, message.Payload, more: _sequences is not null || message.Trace is not null);
        if (_sequences is not null)
        {
            var stream = _sequences.Get(0, message.Topic);
            stream.Sequence++;
            FrameSending.SendFrame(socket, FlowFrames.Position(publisherId, stream.Sequence), more: message.Trace is not null);
        }

        if (message.Trace is not null)
        {
            FrameSending.SendFrame(socket, message.Trace, more: false);
        }
    }

    /// <summary>A message to publish, <c>[topic][payload]</c> and its trace frame if it has one, or a flow-control marker to send as it is.</summary>
    public readonly record struct Outgoing(byte[] Topic, byte[] Payload, NetMQMessage? Marker = null, byte[]? Trace = null)
    {
        public static Outgoing ForMarker(NetMQMessage marker) => new([], [], marker);
    }
}
