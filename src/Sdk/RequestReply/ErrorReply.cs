using System;
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

    /// <summary>The JSON frame, written as a payload is (<see cref="PayloadFrames.Write"/>): one array of its size, however long the message.</summary>
    private static byte[] Encode(ZmqErrorCode code, string? remoteType, string message, string? errorId) =>
        PayloadFrames.Write((code, remoteType, message, errorId), static (buffer, error) =>
        {
            using var json = new Utf8JsonWriter(buffer);
            json.WriteStartObject();
            json.WriteString("code", CodeName(error.code));
            if (error.remoteType is not null)
            {
                json.WriteString("type", error.remoteType);
            }

            if (error.errorId is not null)
            {
                json.WriteString("id", error.errorId);
            }

            json.WriteString("message", error.message);
            json.WriteEndObject();
        });

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
