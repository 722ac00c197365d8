using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.Pipeline;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Lifetime;

/// <summary>
/// A handler that leaves a callback on its cancellation token which throws once the token is cancelled (a common bug: the
/// callback completes a task source a second time) costs that callback, not the shutdown: disposing the endpoint cancels
/// the token, and still closes the sockets, so that a new object binds the same endpoints at once.
/// </summary>
public class HandlerCancellationTests
{
    [Fact]
    public async Task A_server_whose_handler_left_a_throwing_cancellation_callback_is_released_on_dispose()
    {
        var logger = new ListLogger();
        var server = new LedgerServer(new CallbackLeavingLedger(), Loopback.AnyPort, new ZmqServerOptions { Logger = logger }).Started();
        await using (var client = new LedgerClient(server.Endpoint))
        {
            Assert.Equal(1, await client.Balance("alice").Bound());
        }

        await server.DisposeAsync().Bound();
        Assert.Equal(["LedgerServer"], logger.Values(HandlerCancellationFailed, "Owner"));

        await using var again = new LedgerServer(new Ledger(balance: 2), server.Endpoint).Started();
        await using var next = new LedgerClient(server.Endpoint);
        Assert.Equal(2, await next.Balance("alice").Bound());
    }

    [Fact]
    public async Task A_worker_whose_handler_left_a_throwing_cancellation_callback_is_released_on_dispose()
    {
        var bound = new ZmqWorkerOptions { BindInput = true, BindOutput = true };
        var worker = new WorkStageWorker(new CallbackLeavingStage(), Loopback.AnyPort, Loopback.AnyPort, bound);
        worker.Start();
        using (var producer = new PushSocket())
        using (var collector = new PullSocket())
        {
            producer.Connect(worker.InputEndpoint);
            collector.Connect(worker.OutputEndpoint!);
            var item = new ArrayBufferWriter<byte>();
            ZmqSerializers.MessagePack.Serialize(item, new WorkItem(7));
            producer.SendFrames(item.WrittenSpan.ToArray());
            Assert.Equal(7, ZmqSerializers.MessagePack.Deserialize<WorkResult>(Assert.Single(collector.ReceiveFrames())).Num);
        }

        await worker.DisposeAsync().Bound();

        await using var again = new WorkStageWorker(new TestWorkStage("again"), worker.InputEndpoint, worker.OutputEndpoint, bound);
        again.Start();
    }

    /// <summary>The event that reports the callback's exception.</summary>
    private const int HandlerCancellationFailed = 22;

    /// <summary>Completes a task source at once, and leaves a registration on the token that completes it again.</summary>
    private static Task<T> CompletedLeavingACallback<T>(T value, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>();
        cancellationToken.Register(() => done.SetCanceled(cancellationToken));
        done.SetResult(value);
        return done.Task;
    }

    private sealed class CallbackLeavingLedger : ILedger
    {
        public Task<long> Balance(string account, CancellationToken cancellationToken = default) => CompletedLeavingACallback(1L, cancellationToken);

        public Task<long> Deposit(string account, long amount) => Task.FromResult(amount);
    }

    private sealed class CallbackLeavingStage : IWorkStage
    {
        public ValueTask<WorkResult> Process(WorkItem item, CancellationToken cancellationToken = default) =>
            new(CompletedLeavingACallback(new WorkResult(item.Num, "leaving"), cancellationToken));
    }
}
