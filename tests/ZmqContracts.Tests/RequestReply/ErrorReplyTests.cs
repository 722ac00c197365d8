using System;
using System.Text.Json;
using Xunit;

namespace ZmqContracts.Tests.RequestReply;

/// <summary>The error frame's JSON (docs/protocol.md): what writing it costs, and that a JSON reader gets back what was written.</summary>
public class ErrorReplyTests
{
    [Fact]
    public void A_5_MB_error_message_costs_one_array_of_the_frame_s_size_and_reads_back_whole()
    {
        // Quotes, an apostrophe, a control and a letter beyond ASCII in the middle: JSON escapes each.
        var message = new string('x', 2_500_000) + "it's \"quoted\"\n\u00e9" + new string('y', 2_500_000);
        var frames = new byte[2][];

        // A short one first, with the same characters to escape: the JSON encoder's tables are made once per process.
        ErrorReply.Write(frames, 0, ZmqErrorCode.HandlerFailed, null, "it's \"quoted\"\n\u00e9", null);

        // The smaller of two writes: in a run of the whole suite the thread once showed 8 KB more for one write, which
        // this test's own run never did (a write of the old code cost 89 MB, every time).
        var allocated = Math.Min(AllocatedByWriting(frames, message), AllocatedByWriting(frames, message));

        Assert.InRange(allocated, frames[1].Length, frames[1].Length + 1024);
        using var json = JsonDocument.Parse(frames[1]);
        Assert.Equal("handler-failed", json.RootElement.GetProperty("code").GetString());
        Assert.Equal("Some.Type", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("0123456789abcdef", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(message, json.RootElement.GetProperty("message").GetString());
        Assert.Equal(message, ErrorReply.Decode(frames[1], "").RemoteMessage);
    }

    private static long AllocatedByWriting(byte[][] frames, string message)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        ErrorReply.Write(frames, 0, ZmqErrorCode.HandlerFailed, "Some.Type", message, "0123456789abcdef");
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
