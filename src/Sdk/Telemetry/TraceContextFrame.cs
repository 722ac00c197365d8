using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The optional trailing frame that carries a span's W3C trace context to the peer (docs/protocol.md, Trace context):
/// the 10 ASCII bytes <c>zmqc.trace</c>, then, for every field <see cref="DistributedContextPropagator.Current"/> writes
/// (<c>traceparent</c>, <c>tracestate</c>, …), a line feed, the field's name, <c>=</c> and its value, in UTF-8.
/// </summary>
internal static class TraceContextFrame
{
    private static ReadOnlySpan<byte> Marker => "zmqc.trace"u8;

    private const byte FieldSeparator = (byte)'\n';

    /// <summary>
    /// Appends <paramref name="activity"/>'s context to <paramref name="message"/> when there is a span to carry and
    /// <paramref name="policy"/> allows a frame on a message of that many frames.
    /// </summary>
    public static void AppendTo(NetMQMessage message, Activity? activity, ZmqTraceContextFrame policy)
    {
        if (For(activity, policy, message.FrameCount) is { } frame)
        {
            message.Append(frame);
        }
    }

    /// <summary>
    /// The frame that carries <paramref name="activity"/>'s context, for a message of <paramref name="frameCount"/>
    /// frames before it; <see langword="null"/> when there is no span to carry or <paramref name="policy"/> allows no
    /// frame on such a message.
    /// </summary>
    public static byte[]? For(Activity? activity, ZmqTraceContextFrame policy, int frameCount) =>
        activity is not null && Allows(policy, frameCount) ? Create(activity) : null;

    /// <summary>
    /// The frame to append to a request's <paramref name="body"/>: <see cref="For"/>'s; or, when there is none and the
    /// body's last frame starts with the marker, the bare marker, a frame with no context. A server takes a request's last
    /// frame that starts with the marker for its trace frame (docs/protocol.md), so without it that argument would be lost.
    /// </summary>
    public static byte[]? ForRequest(Activity? activity, ZmqTraceContextFrame policy, ReadOnlySpan<byte[]> body) =>
        For(activity, policy, body.Length) ?? (body.Length >= 2 && IsTraceFrame(body[^1]) ? Marker.ToArray() : null);

    /// <summary>Whether <paramref name="policy"/> lets a message of <paramref name="frameCount"/> frames, before the trace frame, carry one.</summary>
    private static bool Allows(ZmqTraceContextFrame policy, int frameCount) => policy switch
    {
        ZmqTraceContextFrame.Always => true,
        ZmqTraceContextFrame.MultipartMessages => frameCount >= 2,
        _ => false,
    };

    /// <summary>The frame that carries <paramref name="activity"/>'s context.</summary>
    private static byte[] Create(Activity activity)
    {
        var text = new StringBuilder();
        DistributedContextPropagator.Current.Inject(activity, text, static (carrier, name, value) =>
        {
            if (carrier is StringBuilder fields && value is not null)
            {
                fields.Append((char)FieldSeparator).Append(name).Append('=').Append(value);
            }
        });

        var fields = text.ToString();
        var frame = new byte[Marker.Length + Encoding.UTF8.GetByteCount(fields)];
        Marker.CopyTo(frame);
        Encoding.UTF8.GetBytes(fields, frame.AsSpan(Marker.Length));
        return frame;
    }

    /// <summary>
    /// The context in the first trace frame at or after frame <paramref name="from"/>; <see langword="default"/> when
    /// there is none, or it cannot be read (a peer's malformed frame loses the trace, never the message).
    /// </summary>
    public static ActivityContext Read(NetMQMessage message, int from)
    {
        var index = IndexOf(message, from);
        return index < 0 ? default : Read(message[index].Span());
    }

    /// <summary>The context <paramref name="frame"/> carries when it is a trace frame; <see langword="default"/> otherwise, or when it cannot be read.</summary>
    public static ActivityContext Read(ReadOnlySpan<byte> frame) => IsTraceFrame(frame) ? Parse(frame[Marker.Length..]) : default;

    /// <summary>Whether <paramref name="frame"/> is a trace frame: what a reader that copies or counts frames leaves out.</summary>
    public static bool IsTraceFrame(ReadOnlySpan<byte> frame) => frame.StartsWith(Marker);

    /// <summary>The index of the first trace frame at or after <paramref name="from"/>, or -1: what a reader that counts a message's frames leaves out.</summary>
    public static int IndexOf(NetMQMessage message, int from)
    {
        for (var i = Math.Max(from, 0); i < message.FrameCount; i++)
        {
            if (IsTraceFrame(message[i].Span()))
            {
                return i;
            }
        }

        return -1;
    }

    private static ActivityContext Parse(ReadOnlySpan<byte> fields)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (!fields.IsEmpty)
        {
            var end = fields.IndexOf(FieldSeparator);
            var field = end < 0 ? fields : fields[..end];
            fields = end < 0 ? [] : fields[(end + 1)..];
            var equals = field.IndexOf((byte)'=');
            if (equals > 0)
            {
                values[Encoding.UTF8.GetString(field[..equals])] = Encoding.UTF8.GetString(field[(equals + 1)..]);
            }
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(values, static (carrier, name, out value, out values) =>
        {
            values = null;
            value = carrier is Dictionary<string, string> fields && fields.TryGetValue(name, out var found) ? found : null;
        }, out var traceParent, out var traceState);

        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }
}
