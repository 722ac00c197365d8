using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace ZmqContracts.Tests.PubSub;

/// <summary>Helpers of the publish/subscribe tests: every wait is bounded by <see cref="Within.Timeout"/>.</summary>
internal static class PubSubTesting
{
    /// <summary>Reads <paramref name="count"/> messages, then ends the enumeration (which unsubscribes).</summary>
    public static async Task<List<T>> TakeAsync<T>(this IAsyncEnumerable<T> messages, int count)
    {
        var taken = new List<T>(count);
        await foreach (var message in messages)
        {
            taken.Add(message);
            if (taken.Count == count)
            {
                break;
            }
        }

        return taken;
    }

    /// <summary>Reads until a message satisfies <paramref name="isLast"/>, at most <paramref name="limit"/> messages, then ends the enumeration.</summary>
    public static async Task<List<T>> TakeUntilAsync<T>(this IAsyncEnumerable<T> messages, Func<T, bool> isLast, int limit)
    {
        var taken = new List<T>();
        await foreach (var message in messages)
        {
            taken.Add(message);
            Assert.True(taken.Count <= limit, $"no last message among the first {limit}");
            if (isLast(message))
            {
                break;
            }
        }

        return taken;
    }

    /// <summary>Starts reading in the background, so that the subscription is made while the test goes on.</summary>
    public static Task<List<T>> StartTaking<T>(this IAsyncEnumerable<T> messages, int count) => Task.Run(() => messages.TakeAsync(count));

    /// <summary>A position frame as docs/protocol.md defines it: the publisher id's 8 bytes, then the sequence number, 8 bytes little-endian.</summary>
    public static byte[] Position(byte[] publisherId, long sequence)
    {
        var frame = new byte[16];
        publisherId.CopyTo(frame, 0);
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(8), sequence);
        return frame;
    }

    /// <summary>Collects what a subscriber's <see cref="ZmqSubscriber.MessagesMissed"/> reports.</summary>
    public sealed class MissedReports
    {
        private readonly ZmqSubscriber _subscriber;
        private readonly ConcurrentQueue<ZmqMessagesMissedEventArgs> _reports = new();
        private readonly SemaphoreSlim _reported = new(0);

        public MissedReports(ZmqSubscriber subscriber)
        {
            _subscriber = subscriber;
            subscriber.MessagesMissed += (_, missed) =>
            {
                _reports.Enqueue(missed);
                _reported.Release();
            };
        }

        /// <summary>
        /// Every report, once the reports add up to <see cref="ZmqSubscriberStatistics.Missed"/>. Call it once the
        /// subscriber has read everything it will: the count is final then, and the events follow it.
        /// </summary>
        public async Task<List<ZmqMessagesMissedEventArgs>> AllAsync()
        {
            var reports = new List<ZmqMessagesMissedEventArgs>();
            while (reports.Sum(report => report.Missed) < _subscriber.Statistics.Missed)
            {
                await _reported.WaitAsync().Bound();
                Assert.True(_reports.TryDequeue(out var report));
                reports.Add(report);
            }

            Assert.Equal(_subscriber.Statistics.Missed, reports.Sum(report => report.Missed));
            Assert.True(_reports.IsEmpty, "more was reported than counted");
            return reports;
        }
    }

    /// <summary>A raw NetMQ XPUB socket, as a foreign publisher (such as pyzmq's PUB) would be: it sends whatever frames it is given.</summary>
    public sealed class RawPublisher : IDisposable
    {
        private readonly XPublisherSocket _socket = new();

        public RawPublisher()
        {
            _socket.Bind(Loopback.AnyPort);
            Endpoint = _socket.Options.LastEndpoint!;
        }

        public string Endpoint { get; }

        /// <summary>The socket itself, for a monitor.</summary>
        public NetMQSocket Socket => _socket;

        /// <summary>The next subscription message, such as <c>+client1</c> or <c>-client1</c>, skipping the subscriber's identity topic.</summary>
        public string NextSubscription()
        {
            while (true)
            {
                Assert.True(_socket.TryReceiveFrameBytes(Within.Timeout, out var frame), "No subscription came.");
                var text = (frame[0] == 1 ? "+" : "-") + Encoding.UTF8.GetString(frame, 1, frame.Length - 1);
                if (!text.StartsWith("+zmqc.flow.", StringComparison.Ordinal))
                {
                    return text;
                }
            }
        }

        public void Send(params byte[][] frames)
        {
            var message = new NetMQMessage();
            foreach (var frame in frames)
            {
                message.Append(frame);
            }

            _socket.SendMultipartMessage(message);
        }

        public void Dispose() => _socket.Dispose();
    }
}
