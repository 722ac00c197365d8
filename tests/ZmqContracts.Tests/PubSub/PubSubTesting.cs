using System;
using System.Collections.Generic;
using System.Text;
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

    /// <summary>Starts reading in the background, so that the subscription is made while the test goes on.</summary>
    public static Task<List<T>> StartTaking<T>(this IAsyncEnumerable<T> messages, int count) => Task.Run(() => messages.TakeAsync(count));

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
