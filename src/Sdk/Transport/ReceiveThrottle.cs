using System;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// Lets a <see cref="SocketLoop"/> take messages from its socket only while there is room for them downstream, so that
/// what the process cannot handle yet stays in ZeroMQ's queues (and, past their high-water mark, pushes back on the
/// sender) instead of piling up in memory. Each message taken holds a place until <see cref="Release"/>; when every
/// place is held the loop stops reading, and reads again once a quarter of the places (at least one) is free: a reader
/// slower than the socket then gets its messages in batches, instead of a wake-up of the loop for each place freed.
/// </summary>
/// <remarks>
/// <see cref="TryTake"/> runs under the loop's lock only; <see cref="Release"/> on any thread. The paused flag is set
/// before the last look at the count and cleared before a release schedules the resume, both with full fences, so a
/// release can never slip between the two and leave the loop paused with places free. No place is taken while the loop
/// is paused, so the releases count down through every value, and the one that reaches the resume mark sees the flag.
/// </remarks>
internal sealed class ReceiveThrottle(SocketLoop loop, int capacity)
{
    /// <summary>How many messages one wake-up reads at most, so that the loop's other sockets get their turn.</summary>
    private const int ReceiveBatch = 256;

    private readonly SocketLoop _loop = loop;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many places may still be held when a release resumes reading stopped for want of one.</summary>
    private readonly int _resumeAt = capacity - Math.Max(1, capacity / 4);
    private int _taken;
    private int _paused;
    private int _stopped;

    /// <summary>
    /// Set once stopped and no read can take a place any more (the loop's lock was taken after the stop): from then on a
    /// release that leaves no place held completes <see cref="Drained"/>.
    /// </summary>
    private int _settled;

    /// <summary>Completes once <see cref="Stop"/> has run and every place taken is released.</summary>
    public Task Drained => _drained.Task;

    /// <summary>
    /// Under the loop's lock: reads messages while places are free, handing each to <paramref name="take"/>, which returns
    /// true when it keeps the place (and releases it once done with the message) or false to give it back at once. A
    /// take that throws must not have kept the message: its place is given back for it.
    /// Returns true when it stopped at the end of a batch, with messages left to read.
    /// </summary>
    public bool Receive(NetMQSocket socket, Func<NetMQMessage, bool> take) =>
        Receive(socket, take, static (take, received) => take(received.ToMessage()));

    /// <inheritdoc cref="Receive(NetMQSocket, Func{NetMQMessage, bool})"/>
    public bool Receive(NetMQSocket socket, Func<ReceivedMessage, bool> take) =>
        Receive(socket, take, AsItCame);

    private static bool AsItCame(Func<ReceivedMessage, bool> take, ReceivedMessage received) => take(received);

    private bool Receive<TTake>(NetMQSocket socket, TTake take, Func<TTake, ReceivedMessage, bool> hand)
    {
        for (var i = 0; i < ReceiveBatch; i++)
        {
            if (!TryTake())
            {
                // Every place is held: the loop has stopped reading, until a release resumes it.
                return false;
            }

            ReceivedMessage received;
            try
            {
                if (!ReceivedMessage.TryReceive(socket, out received))
                {
                    Release();
                    return false;
                }
            }
            catch
            {
                // NetMQ terminated under the loop, say: the place was taken for nothing.
                Release();
                throw;
            }

            Hand(take, hand, received);
        }

        return true;
    }

    /// <summary>
    /// Hands <paramref name="received"/>, which holds a place, to <paramref name="take"/>; gives the place back when it
    /// is not kept, and when <paramref name="take"/> throws (a telemetry listener that fails, say), before the exception
    /// goes on: a place lost each time would stop the reading for good once every place was gone.
    /// </summary>
    private void Hand<TTake>(TTake take, Func<TTake, ReceivedMessage, bool> hand, ReceivedMessage received)
    {
        bool kept;
        try
        {
            kept = hand(take, received);
        }
        catch
        {
            Release();
            throw;
        }

        if (!kept)
        {
            Release();
        }
    }

    /// <summary>
    /// Under the loop's lock, before reading one message: true when the caller may read it (and must then release the
    /// place once done with it, or at once when there was nothing to read); false when every place is held, in which
    /// case the loop has stopped reading until a place is released.
    /// </summary>
    private bool TryTake()
    {
        if (Volatile.Read(ref _stopped) == 1)
        {
            return false;
        }

        if (Volatile.Read(ref _taken) >= capacity)
        {
            Interlocked.Exchange(ref _paused, 1);
            if (Volatile.Read(ref _taken) >= capacity)
            {
                _loop.StopReceiving();
                return false;
            }

            Interlocked.Exchange(ref _paused, 0);
        }

        Interlocked.Increment(ref _taken);
        return true;
    }

    /// <summary>Gives back a place; reading resumes if it had stopped for want of one. Thread-safe.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _taken);
        if (left <= _resumeAt && Interlocked.Exchange(ref _paused, 0) == 1 && Volatile.Read(ref _stopped) == 0)
        {
            _loop.RunOnLoop(this, static (_, throttle) =>
            {
                if (Volatile.Read(ref throttle._stopped) == 0)
                {
                    throttle._loop.ResumeReceiving();
                }
            });
        }

        // The count is read again, not taken from the decrement: the last reading of StopTakingTheRest may have taken a
        // place since, while this release waited for the loop's lock to resume reading.
        if (Volatile.Read(ref _settled) == 1)
        {
            CompleteIfDrained();
        }
    }

    /// <summary>Stops reading for good; <see cref="Drained"/> completes when the places still held are released.</summary>
    public void Stop()
    {
        Interlocked.Exchange(ref _stopped, 1);

        // Taking the loop's lock waits for a read in progress, which may have looked at the mark before it was set.
        _loop.StopReceiving();
        Settle();
    }

    /// <summary>
    /// Stops reading for good after a last reading, holding the socket, that takes whatever the capacity: every message
    /// the socket holds, then <paramref name="detach"/> (which keeps the peers from sending more), then every message the
    /// socket still gives, at most <paramref name="limit"/> in all. <see cref="Drained"/> completes when the places still
    /// held are released.
    /// </summary>
    public void StopTakingTheRest(Func<ReceivedMessage, bool> take, Action<NetMQSocket> detach, int limit)
    {
        try
        {
            _loop.RunOnLoop(socket =>
            {
                _loop.StopReceiving();
                try
                {
                    limit -= TakeTheRest(socket, take, limit);
                }
                finally
                {
                    // Also after a take that threw: the peers must send nothing more either way.
                    detach(socket);
                }

                TakeTheRest(socket, take, limit);

                // Marked before the socket is let go: a release waiting for the lock to resume reading then sees it, and
                // leaves the socket alone with what it still holds.
                Interlocked.Exchange(ref _stopped, 1);
            });
        }
        finally
        {
            // Also when the loop was disposed (the reading did not run) or the reading threw.
            Interlocked.Exchange(ref _stopped, 1);
            Settle();
        }
    }

    /// <summary>
    /// Once stopped, and no read can take a place any more: from now on the last release completes <see cref="Drained"/>,
    /// and so does this if no place is held. The mark is set with a full fence first, so a <see cref="Release"/> either
    /// sees it or leaves the count for this look.
    /// </summary>
    private void Settle()
    {
        Interlocked.Exchange(ref _settled, 1);
        CompleteIfDrained();
    }

    private void CompleteIfDrained()
    {
        if (Volatile.Read(ref _taken) == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Holding the socket, with reading stopped: reads up to <paramref name="limit"/> messages, each holding a place; returns how many.</summary>
    private int TakeTheRest(NetMQSocket socket, Func<ReceivedMessage, bool> take, int limit)
    {
        var taken = 0;
        while (taken < limit && ReceivedMessage.TryReceive(socket, out var received))
        {
            taken++;
            Interlocked.Increment(ref _taken);
            Hand(take, AsItCame, received);
        }

        return taken;
    }
}
