using System;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace ZmqContracts.Tests.Fuzz;

/// <summary>
/// The fuzz tests run alone: they measure the process's memory, which other tests running at the same time would move.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzz";
}

/// <summary>
/// One fuzz run against a receiving side: rounds of <see cref="JunkPerRound"/> malformed messages, each round ended by a
/// valid message whose correct handling the side checks, until the receiver has taken <see cref="Messages"/> malformed
/// messages. The valid message of a round travels after the round's junk on the same connection, so when it is handled
/// the junk before it has been read, or, where several loops handle what one connection brings, is being handled: at
/// most one round is ever in flight, and a settling step waits for the last one before the memory is measured.
/// </summary>
internal static class FuzzRun
{
    public const int Messages = 10_000;

    /// <summary>The receivers' <see cref="ZmqSocketOptions.MaxMessageSize"/> in these tests; the largest junk frames are this long.</summary>
    public const int MaxFrameSize = 64 * 1024;

    /// <summary>
    /// The default <see cref="ZmqSocketOptions.MaxMessageSize"/> (16 MiB), at which shorter runs of
    /// <see cref="DefaultSizeMessages"/> check what a 64 KiB limit refuses: frames of up to 16 MiB that reach the readers
    /// and deserializers (payloads nested as deep as 16 MiB allows, random bytes of exactly the limit), a few seconds each.
    /// </summary>
    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    /// <summary>The malformed messages of a run at <see cref="DefaultMaxFrameSize"/>: about one frame in 160 is of the limit's length.</summary>
    public const int DefaultSizeMessages = 200;

    /// <summary>
    /// How much more memory the process may hold after the run than before it. A run puts 60 to 100 MB of junk on the wire
    /// (a few percent of its frames are tens of KiB); a receiver that kept a fifth of it would exceed this, while a healthy
    /// one grows by under 1 MiB (the test's output shows the figures: about 0.5 MiB on the machine this was written on).
    /// </summary>
    public const long MemoryBound = 8 * 1024 * 1024;

    private const int JunkPerRound = 100;

    /// <param name="junk">The malformed messages.</param>
    /// <param name="sendJunk">Sends one malformed message from a raw peer.</param>
    /// <param name="sendValidAndCheck">Sends valid message number n and checks that it was served or delivered correctly.</param>
    /// <param name="junkReceived">How many malformed messages the receiver has taken so far: all those sent, unless ZeroMQ filters some out.</param>
    /// <param name="output">Where the run reports what it did and the memory it measured.</param>
    /// <param name="messages">How many malformed messages the receiver is to take: <see cref="Messages"/>, or fewer for a run at <see cref="DefaultMaxFrameSize"/>.</param>
    /// <param name="settle">
    /// For a receiver that may handle the valid message before the junk in front of it (a worker's several loops), waits
    /// until it holds none of the run any more, before the memory is measured.
    /// </param>
    public static async Task RunAsync(MalformedMessages junk, Action<byte[][]> sendJunk, Func<int, Task> sendValidAndCheck, Func<long> junkReceived, ITestOutputHelper output, int messages = Messages, Action? settle = null)
    {
        await sendValidAndCheck(0).Bound();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var maxRounds = 4 * messages / JunkPerRound;
        var round = 1;
        var junkBytes = 0L;
        for (; junkReceived() < messages; round++)
        {
            Assert.True(round <= maxRounds, $"the receiver took only {junkReceived()} malformed messages in {maxRounds} rounds");
            for (var i = 0; i < JunkPerRound; i++)
            {
                var message = junk.Next();
                junkBytes += message.Sum(frame => (long)frame.Length);
                sendJunk(message);
            }

            await sendValidAndCheck(round).Bound();
        }

        settle?.Invoke();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{junkReceived()} malformed messages ({junkBytes / 1024} KiB sent) and {round} valid ones taken; memory {before / 1024} KiB before, {after / 1024} KiB after");
        Assert.True(after - before < MemoryBound, $"the process holds {(after - before) / 1024} KiB more after {round} rounds than before");
    }
}
