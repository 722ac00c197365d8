using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetMQ;
using Xunit;

namespace ZmqContracts.Tests;

/// <summary>Hand-written NetMQ on the test's thread: what a peer in another language would put on the wire.</summary>
internal static class RawPeer
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static void SendFrames(this NetMQSocket socket, params byte[][] frames)
    {
        var message = new NetMQMessage();
        foreach (var frame in frames)
        {
            message.Append(frame);
        }

        Assert.True(socket.TrySendMultipartMessage(Within.Timeout, message), "The raw peer could not send.");
    }

    public static List<byte[]> ReceiveFrames(this NetMQSocket socket)
    {
        var message = new NetMQMessage();
        Assert.True(socket.TryReceiveMultipartMessage(Within.Timeout, ref message), "No message arrived in time.");
        return message.Select(frame => frame.ToByteArray()).ToList();
    }

    /// <summary>Reads an error reply body <c>[zmqc.error][json]</c> and returns its code.</summary>
    public static string ErrorCode(IReadOnlyList<byte[]> body)
    {
        Assert.Equal(2, body.Count);
        Assert.Equal("zmqc.error", Encoding.UTF8.GetString(body[0]));
        using var json = JsonDocument.Parse(body[1]);
        return json.RootElement.GetProperty("code").GetString()!;
    }

    /// <summary>Reads a <c>bad-request</c> error reply and returns its message.</summary>
    public static string BadRequestMessage(IReadOnlyList<byte[]> reply)
    {
        Assert.Equal("bad-request", ErrorCode(reply));
        using var error = JsonDocument.Parse(reply[1]);
        return error.RootElement.GetProperty("message").GetString()!;
    }
}
