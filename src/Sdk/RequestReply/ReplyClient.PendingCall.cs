using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

public sealed partial class ReplyClient
{
    /// <summary>
    /// A call waiting for its reply, and its attempts so far; also the call's task and the work item that completes it.
    /// The attempt fields change under the call's lock, on the calling thread (the first attempt), the deadline timer, or
    /// the thread pool (an unavailable reply).
    /// </summary>
    /// <remarks>
    /// Whoever ends the call (its reply, an error reply, the deadline timer, a cancellation, the client's disposal) only
    /// records the outcome and queues the call to the thread pool, as it is: no other thread runs user code, and the
    /// socket's lock is never held while the result is read. There, in the caller's execution context, the reply is
    /// deserialized, the call's telemetry ends, and then the task completes, running the caller's continuation on that
    /// thread. So a call costs this object and its task, and the one hop its resumption needs anyway.
    /// </remarks>
    private abstract class PendingCall(ReplyClient client, ulong id, RequestOperation operation, ArraySegment<byte[]> request, long started, ClientCallTelemetry telemetry)
        : IThreadPoolWorkItem
    {
        /// <summary>The caller's execution context, with the call's span current, which the result is read in.</summary>
        private readonly ExecutionContext? _context = ExecutionContext.Capture();
        private ClientCallTelemetry _telemetry = telemetry;
        private ReadOnlyMemory<byte> _payload;
        private Exception? _error;
        private int _completed;

        public ulong Id { get; } = id;

        /// <summary>The call's span, which its retries are noted on; <see langword="null"/> when no one records it.</summary>
        public Activity? Span => _telemetry.Span;

        public RequestOperation Operation { get; } = operation;

        /// <summary>The request's frames with its envelope, as sent by every attempt.</summary>
        public ArraySegment<byte[]> Request { get; } = request;

        public int MaxAttempts { get; } = operation.Idempotent ? client._options.MaxAttempts : 1;

        /// <summary>When the call started, before its arguments were serialized (<see cref="OutgoingRequest.Started"/>), as a timestamp of the client's clock (<see cref="ZmqClientOptions.TimeProvider"/>), as are the other moments.</summary>
        public long Started { get; } = started;

        /// <summary>When the call times out, whatever attempts remain; <see cref="long.MaxValue"/> for never.</summary>
        public long CallDeadline { get; } = client.After(started, client._options.CallTimeout);

        /// <summary>
        /// The connection events when the call started, to tell at its timeout whether it can have reached the server. Read
        /// before <see cref="ConnectedAtStart"/>, which is set before the connection is counted a connection: a connection
        /// counted here is then seen as connected there.
        /// </summary>
        public long ConnectionsAtStart { get; } = Volatile.Read(ref client._connectionsMade);

        /// <inheritdoc cref="ConnectionsAtStart"/>
        public bool ConnectedAtStart { get; } = client._isConnected;

        /// <inheritdoc cref="ConnectionsAtStart"/>
        public long SilentDropsAtStart { get; } = Volatile.Read(ref client._silentDrops);

        public int Attempts { get; set; }

        /// <summary>When the last attempt was sent; for the first, when the call started (<see cref="OutgoingRequest.Started"/>).</summary>
        public long SentAt { get; set; }

        /// <summary>When the last attempt times out.</summary>
        public long AttemptDeadline { get; set; }

        /// <summary>When the next attempt is due; 0 while an attempt is in flight.</summary>
        public long RetryAt { get; set; }

        /// <summary>The wait before the next retry.</summary>
        public TimeSpan Backoff { get; set; } = client._options.RetryBackoff;

        /// <summary>
        /// The stretch of the socket's queue (see <c>_queue</c>) that the last attempt waits in, sent while no connection
        /// was made; 0 for one sent while connected. Under the socket's lock.
        /// </summary>
        public int Queue { get; set; }

        /// <summary>Which connection the last attempt went over (see <c>_connectionGeneration</c>).</summary>
        public int Generation { get; set; }

        /// <summary>The caller's cancellation, set before the call can be ended any other way.</summary>
        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Whether the call has its outcome, though its task may not have completed yet.</summary>
        public bool IsCompleted => Volatile.Read(ref _completed) != 0;

        protected ReplyClient Client => client;

        /// <summary>Ends the call with its reply's <paramref name="payload"/>, unless it has ended already.</summary>
        public bool TrySetResult(ReadOnlyMemory<byte> payload) => TryComplete(payload, null);

        /// <summary>Ends the call with <paramref name="error"/>, unless it has ended already.</summary>
        public bool TrySetException(Exception error) => TryComplete(default, error);

        /// <summary>Ends the call as cancelled by <paramref name="cancellationToken"/>, unless it has ended already.</summary>
        public void Cancel(CancellationToken cancellationToken) =>
            client.Finish(this, new TaskCanceledException($"The call to {client._contract}.{Operation.Name} was cancelled.", null, cancellationToken));

        void IThreadPoolWorkItem.Execute()
        {
            Registration.Dispose();
            if (_context is null)
            {
                Conclude();
            }
            else
            {
                ExecutionContext.Run(_context, static call => ((PendingCall)call!).Conclude(), this);
            }

            Complete(_error);
        }

        /// <summary>Reads the result from the reply's <paramref name="payload"/>, for <see cref="Complete"/>.</summary>
        protected abstract void Read(ReadOnlyMemory<byte> payload);

        /// <summary>Completes the call's task with the result read, or with <paramref name="error"/>.</summary>
        protected abstract void Complete(Exception? error);

        private bool TryComplete(ReadOnlyMemory<byte> payload, Exception? error)
        {
            if (Interlocked.CompareExchange(ref _completed, 1, 0) != 0)
            {
                return false;
            }

            _payload = payload;
            _error = error;
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            return true;
        }

        /// <summary>In the caller's context: reads the result, and ends the call's span and metrics.</summary>
        private void Conclude()
        {
            if (_error is null)
            {
                try
                {
                    Read(_payload);
                }
                catch (Exception exception)
                {
                    _error = exception;
                }
            }

            if (_error is not null)
            {
                _telemetry.Fail(_error);
            }

            _telemetry.End();
        }
    }

    /// <summary>A call whose task gives <typeparamref name="TResult"/>: the reply's payload, or nothing for a call that expects none.</summary>
    private sealed class PendingCall<TResult> : PendingCall
    {
        /// <summary>The builder an async method completes its task with: an <see cref="OperationCanceledException"/> cancels it, as it would an async method's.</summary>
        private AsyncTaskMethodBuilder<TResult> _task = AsyncTaskMethodBuilder<TResult>.Create();
        private readonly bool _readsResult;
        private TResult _result = default!;

        public PendingCall(ReplyClient client, ulong id, RequestOperation operation, ArraySegment<byte[]> request, long started, ClientCallTelemetry telemetry, bool readsResult)
            : base(client, id, operation, request, started, telemetry)
        {
            _readsResult = readsResult;

            // Made now, before any thread can complete it: the builder makes its task on first use.
            Task = _task.Task;
        }

        public Task<TResult> Task { get; }

        protected override void Read(ReadOnlyMemory<byte> payload)
        {
            if (_readsResult)
            {
                _result = Client.ReadResult<TResult>(payload, Operation);
            }
        }

        protected override void Complete(Exception? error)
        {
            if (error is null)
            {
                _task.SetResult(_result);
            }
            else
            {
                _task.SetException(error);
            }
        }
    }
}
