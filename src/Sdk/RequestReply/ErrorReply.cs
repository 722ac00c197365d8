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

    private static byte[] Encode(ZmqErrorCode code, string? remoteType, string message, string? errorId)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("code", CodeName(code));
            if (remoteType is not null)
            {
                json.WriteString("type", remoteType);
            }

            if (errorId is not null)
            {
                json.WriteString("id", errorId);
            }

            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The error an error frame tells; for a frame that is not a JSON object with string members, a
    /// <see cref="ZmqErrorCode.HandlerFailed"/> error that says so with the frame's length and first 64 characters (the
    /// peer failed the call, and the reply is the bad one: not the caller's request), as short whatever the frame's size.
    /// </summary>
    public static ZmqRemoteException Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var code = root.TryGetProperty("code", out var codeElement) ? ParseCode(codeElement.GetString()) : ZmqErrorCode.HandlerFailed;
            var type = root.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
            var message = root.TryGetProperty("message", out var messageElement) ? messageElement.GetString() ?? "" : "";
            var errorId = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            return new ZmqRemoteException(code, type, message, errorId);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return new ZmqRemoteException(ZmqErrorCode.HandlerFailed, null, $"the error frame of {payload.Length} bytes is not the JSON object of docs/protocol.md, so why the peer failed is unknown; it begins '{FrameExtensions.Printable(payload)}'");
        }
    }

    public static string CodeName(ZmqErrorCode code) => code switch
    {
        ZmqErrorCode.HandlerFailed => "handler-failed",
        ZmqErrorCode.UnknownOperation => "unknown-operation",
        ZmqErrorCode.BadRequest => "bad-request",
        ZmqErrorCode.Unavailable => "unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    private static ZmqErrorCode ParseCode(string? name) => name switch
    {
        "unknown-operation" => ZmqErrorCode.UnknownOperation,
        "bad-request" => ZmqErrorCode.BadRequest,
        "unavailable" => ZmqErrorCode.Unavailable,
        _ => ZmqErrorCode.HandlerFailed,
    };
}
