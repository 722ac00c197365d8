using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.PubSub.PubSubTesting;

namespace ZmqContracts.Tests.PubSub;

/// <summary>
/// A raw [Topic] record of one <c>byte[]</c> or <c>ReadOnlyMemory&lt;byte&gt;</c> is its payload frame verbatim, both
/// ways: what a hand-written NetMQ PUB sends is what the typed subscriber delivers, and what the typed publisher sends
/// is what a hand-written SUB reads.
/// </summary>
public class RawBytesTopicTests
{
    /// <summary>Empty, a zero byte, bytes that are no UTF-8, bytes that read as MessagePack, and every byte value.</summary>
    private static readonly byte[][] Payloads =
        [[], [0x00], [0xFF, 0xFE, 0x00, 0x80, 0xC3], [0x91, 0xA1, 0x78], [.. Enumerable.Range(0, 256).Select(value => (byte)value)]];

    [Fact]
    public async Task A_raw_publisher_s_bytes_reach_a_typed_subscriber_of_byte_array_and_of_memory_unchanged()
    {
        using var publisher = new RawPublisher();
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var arrays = subscriber.Subscribe<BinMessage>().StartTaking(Payloads.Length);
        var memories = subscriber.Subscribe<BinMemoryMessage>().StartTaking(Payloads.Length);
        Assert.Equal(["+bin.array", "+bin.memory"], new[] { publisher.NextSubscription(), publisher.NextSubscription() }.Order());

        foreach (var payload in Payloads)
        {
            publisher.Send(RawPeer.Utf8("bin.array"), payload);
            publisher.Send(RawPeer.Utf8("bin.memory"), payload);
        }

        Assert.Equal(Payloads, (await arrays.Bound()).Select(message => message.Data));
        Assert.Equal(Payloads, (await memories.Bound()).Select(message => message.Data.ToArray()));
    }

    [Fact]
    public async Task A_typed_publisher_s_byte_array_and_memory_reach_a_raw_subscriber_as_the_payload_frame_unchanged()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { NumberMessages = false });
        using var subscriber = new SubscriberSocket();
        subscriber.Subscribe("bin.");
        subscriber.Connect(publisher.Endpoint);
        await publisher.WaitForSubscriberAsync<BinMessage>().Bound();
        await publisher.WaitForSubscriberAsync<BinMemoryMessage>().Bound();

        foreach (var payload in Payloads)
        {
            await publisher.PublishAsync(new BinMessage(payload));
            await publisher.PublishAsync(new BinMemoryMessage(payload));
        }

        var expected = Payloads.SelectMany(payload => new List<byte[]>[] { [RawPeer.Utf8("bin.array"), payload], [RawPeer.Utf8("bin.memory"), payload] });
        Assert.Equal(expected, Enumerable.Range(0, Payloads.Length * 2).Select(_ => subscriber.ReceiveFrames()));
    }
}
