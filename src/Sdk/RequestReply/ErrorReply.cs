using System;
using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZmqContracts;

/// <summary>
/// The error reply of docs/protocol.md: two frames, the marker <c>zmqc.error</c> and a UTF-8 JSON object
/// <c>{"code":"handler-failed","id":"…","message":"…"}</c>, with a <c>type</c> when the server sends one.
/// JSON whatever the contract's serializer, so that any peer can read it.
/// </summary>
internal static class ErrorReply
{
    public static ReadOnlySpan<byte> Marker => "zmqc.error"u8;

    public static bool IsError(NetMQ.NetMQMessage body, int start) =>
        body.FrameCount - start >= 2 && body[start].Span().SequenceEqual(Marker);

    public static void Append(NetMQ.NetMQMessage reply, ZmqErrorCode code, string? remoteType, string message, string? errorId = null)
    {
        reply.Append(Marker.ToArray());
        reply.Append(Encode(code, remoteType, message, errorId));
    }

    /// <summary>Writes the error reply's two frames into <paramref name="frames"/> from <paramref name="index"/> on.</summary>
    public static void Write(byte[][] frames, int index, ZmqErrorCode code, string? remoteType, string message, string? errorId)
    {
        frames[index] = Marker.ToArray();
        frames[index + 1] = Encode(code, remoteType, message, errorId);
    }

    /// <summary>
    /// The JSON frame, in one array of its exact size however long the message: its length counted first, then written.
    /// Each string is escaped as System.Text.Json's writer escapes it by default (<see cref="JavaScriptEncoder.Default"/>:
    /// all but plain ASCII, and <c>" \ &lt; &gt; &amp; ' + `</c>, as <c>\uXXXX</c>), a slice at a time. A
    /// <see cref="Utf8JsonWriter"/> asked at once for three bytes per character of the message, and for six per character
    /// from the first it escaped, which cost pooled arrays of many times a large message on each thread's first.
    /// </summary>
    private static byte[] Encode(ZmqErrorCode code, string? remoteType, string message, string? errorId)
    {
        var frame = GC.AllocateUninitializedArray<byte>(WriteJson([], code, remoteType, message, errorId));
        WriteJson(frame, code, remoteType, message, errorId);
        return frame;
    }

    /// <summary>Writes the JSON object into <paramref name="frame"/>, or, given an empty one, only counts it; returns its length.</summary>
    private static int WriteJson(Span<byte> frame, ZmqErrorCode code, string? remoteType, string message, string? errorId)
    {
        var at = 0;
        Member(frame, ref at, "{\"code\":\""u8, CodeName(code));
        if (remoteType is not null)
        {
            Member(frame, ref at, "\",\"type\":\""u8, remoteType);
        }

        if (errorId is not null)
        {
            Member(frame, ref at, "\",\"id\":\""u8, errorId);
        }

        Member(frame, ref at, "\",\"message\":\""u8, message);
        Copy(frame, ref at, "\"}"u8);
        return at;
    }

    /// <summary>Writes <paramref name="opening"/> (what comes before the string's first character), then <paramref name="text"/> escaped.</summary>
    private static void Member(Span<byte> frame, ref int at, ReadOnlySpan<byte> opening, string text)
    {
        Copy(frame, ref at, opening);
        Span<char> escaped = stackalloc char[512];
        var rest = text.AsSpan();
        OperationStatus status;
        do
        {
            status = JavaScriptEncoder.Default.Encode(rest, escaped, out var read, out var written);
            rest = rest[read..];

            // The encoder writes nothing but ASCII: one byte per character.
            if (!frame.IsEmpty)
            {
                Encoding.ASCII.GetBytes(escaped[..written], frame[at..]);
            }

            at = checked(at + written);
        }
        while (status == OperationStatus.DestinationTooSmall);
    }

    private static void Copy(Span<byte> frame, ref int at, ReadOnlySpan<byte> bytes)
    {
        if (!frame.IsEmpty)
        {
            bytes.CopyTo(frame[at..]);
        }

        at = checked(at + bytes.Length);
    }

    /// <summary>
    /// The error an error frame tells, its message told after <paramref name="context"/> (<see cref="ZmqRemoteException.After"/>);
    /// for a frame that is not a JSON object with string members, a <see cref="ZmqErrorCode.HandlerFailed"/> error that says
    /// so with the frame's length and first 64 characters (the peer failed the call, and the reply is the bad one: not the
    /// caller's request), as short whatever the frame's size. Read in place, with no copy of the frame:
    /// a legitimate error message as long as the receiver's <see cref="ZmqSocketOptions.MaxMessageSize"/> costs its
    /// <see cref="ZmqRemoteException.RemoteMessage"/> and the exception's message, each made once.
    /// </summary>
    public static ZmqRemoteException Decode(ReadOnlySpan<byte> payload, string context)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("The error frame is not a JSON object.");
            }

            var code = ZmqErrorCode.HandlerFailed;
            string? type = null;
            var message = "";
            string? errorId = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("code"u8))
                {
                    code = ParseCode(NextString(ref reader));
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    type = NextString(ref reader);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    message = NextString(ref reader) ?? "";
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    errorId = NextString(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return ZmqRemoteException.After(context, code, type, message, errorId);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return ZmqRemoteException.After(
                context,
                ZmqErrorCode.HandlerFailed,
                null,
                $"the error frame of {payload.Length} bytes is not the JSON object of docs/protocol.md, so why the peer failed is unknown; it begins '{FrameExtensions.Printable(payload)}'");
        }

        // The value of the member whose name the reader is on: a string, or null; anything else throws InvalidOperationException.
        static string? NextString(ref Utf8JsonReader reader)
        {
            reader.Read();
            return reader.GetString();
        }
    }

    public static string CodeName(ZmqErrorCode code) => code switch
    {
        ZmqErrorCode.HandlerFailed => "handler-failed",
        ZmqErrorCode.UnknownOperation => "unknown-operation",
        ZmqErrorCode.BadRequest => "bad-request",
        ZmqErrorCode.Unavailable => "unavailable",
        ZmqErrorCode.WorkerLost => "worker-lost",
        ZmqErrorCode.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    private static ZmqErrorCode ParseCode(string? name) => name switch
    {
        "unknown-operation" => ZmqErrorCode.UnknownOperation,
        "bad-request" => ZmqErrorCode.BadRequest,
        "unavailable" => ZmqErrorCode.Unavailable,
        "worker-lost" => ZmqErrorCode.WorkerLost,
        "interrupted" => ZmqErrorCode.Interrupted,
        _ => ZmqErrorCode.HandlerFailed,
    };
}
