using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests.Pipeline;

/// <summary>
/// The wait behind <c>ReadOutcomesAsync</c>: results and failures, either of which may end a wait. A wait on the channel
/// that stays empty is asked for once, not once per wait, and is withdrawn when the reading ends (asked afresh each
/// time, such waits piled up, about 300 bytes each, for as long as no failure came).
/// </summary>
public class EitherChannelWaitTests
{
    [Fact]
    public async Task A_channel_that_stays_empty_is_waited_on_once_across_many_waits_and_not_at_all_once_the_reading_ends()
    {
        var results = Channel.CreateUnbounded<int>();
        var failures = new CountingReader<string>(Channel.CreateUnbounded<string>());
        using (var either = new EitherChannelWait<int, string>(results.Reader, failures, CancellationToken.None))
        {
            for (var i = 0; i < 1_000; i++)
            {
                var waiting = either.WaitAsync();
                results.Writer.TryWrite(i);
                Assert.True(await waiting.Bound());
                Assert.True(results.Reader.TryRead(out _));
            }

            Assert.Equal(1, failures.Waits);
            Assert.Equal(1, failures.Pending);

            // The wait kept all along still ends for its own channel.
            var failing = either.WaitAsync();
            failures.Writer.TryWrite("failed");
            Assert.True(await failing.Bound());
            Assert.Equal(0, failures.Pending);
        }
    }

    [Fact]
    public async Task The_reading_ends_withdrawing_the_wait_left_pending()
    {
        var results = Channel.CreateUnbounded<int>();
        var failures = new CountingReader<string>(Channel.CreateUnbounded<string>());
        var either = new EitherChannelWait<int, string>(results.Reader, failures, CancellationToken.None);
        var waiting = either.WaitAsync();
        results.Writer.TryWrite(1);
        await waiting.Bound();

        either.Dispose();

        Assert.Equal(1, failures.Waits);
        await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => failures.LastWait.Bound());
    }

    [Fact]
    public async Task Both_channels_completed_and_empty_end_the_wait_with_false_and_a_cancelled_token_ends_it_with_an_exception()
    {
        var results = Channel.CreateUnbounded<int>();
        var failures = Channel.CreateUnbounded<string>();
        using var cancellation = new CancellationTokenSource();
        using (var either = new EitherChannelWait<int, string>(results.Reader, failures.Reader, CancellationToken.None))
        {
            var waiting = either.WaitAsync();
            results.Writer.Complete();
            failures.Writer.Complete();
            Assert.False(await waiting.Bound());
        }

        using var cancelled = new EitherChannelWait<int, string>(Channel.CreateUnbounded<int>().Reader, Channel.CreateUnbounded<string>().Reader, cancellation.Token);
        var pending = cancelled.WaitAsync();
        cancellation.Cancel();
        var refused = await Assert.ThrowsAnyAsync<System.OperationCanceledException>(() => pending.Bound());
        Assert.Equal(cancellation.Token, refused.CancellationToken);
    }

    /// <summary>A channel's reader that counts the waits asked of it and those still pending.</summary>
    private sealed class CountingReader<T>(Channel<T> channel) : ChannelReader<T>
    {
        private readonly List<Task<bool>> _waits = [];

        public ChannelWriter<T> Writer => channel.Writer;

        public int Waits => _waits.Count;

        public Task<bool> LastWait => _waits[^1];

        public int Pending => _waits.Count(wait => !wait.IsCompleted);

        public override bool TryRead(out T item) => channel.Reader.TryRead(out item!);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
        {
            var wait = channel.Reader.WaitToReadAsync(cancellationToken).AsTask();
            _waits.Add(wait);
            return new ValueTask<bool>(wait);
        }
    }
}
