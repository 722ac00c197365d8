using System;
using System.Buffers.Binary;
using System.Linq;
using System.Threading.Tasks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;
using Xunit.Abstractions;
using ZmqContracts.Tests.Pipeline;
using static ZmqContracts.Tests.Fuzz.FuzzTests;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Fuzz;

/// <summary>
/// The pipeline's other receiving sides under <see cref="FuzzRun"/>: a relay, which passes every message on unchanged,
/// and an acknowledged producer's acknowledgement socket.
/// </summary>
[Collection(FuzzCollection.Name)]
public class PipelineFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_relay_fed_malformed_messages_passes_every_valid_one_on_unchanged_and_in_order()
    {
        await using var relay = new ZmqPipelineRelay(Loopback.AnyPort, Loopback.AnyPort, new ZmqProducerOptions { MaxMessageSize = FuzzRun.MaxFrameSize });
        using var worker = new PushSocket(">" + relay.InputEndpoint);
        using var nextStage = new PullSocket(">" + relay.OutputEndpoint);
        byte[] id = [.. "zmqc.id"u8, .. new byte[32]];
        var junk = new MalformedMessages(seed: 6006, FuzzRun.MaxFrameSize, [Utf8("zmqc.error"), Utf8("Process")], [Payload(new WorkResult(5, "w")), id]);
        var sent = 0L;

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                worker.SendFrames(frames);
                sent++;
            },
            n =>
            {
                byte[][] valid = [Payload(new WorkResult(n, "valid")), id];
                worker.SendFrames(valid);
                var skipped = 0;
                var received = nextStage.ReceiveFrames();
                for (; received.Count != valid.Length || !received[0].AsSpan().SequenceEqual(valid[0]); skipped++)
                {
                    Assert.True(skipped <= FuzzRun.Messages, "the valid message never came");
                    received = nextStage.ReceiveFrames();
                }

                Assert.Equal(valid, received);
                return Task.CompletedTask;
            },
            () => sent,
            output);
    }

    [Fact]
    public async Task An_acknowledged_producer_fed_malformed_acknowledgements_goes_on_sending_and_honours_valid_ones()
    {
        using var acknowledgements = new XPublisherSocket();
        acknowledgements.Bind(Loopback.AnyPort);
        await using var producer = new WorkStageProducer(Loopback.AnyPort, new ZmqProducerOptions
        {
            AcknowledgementEndpoint = acknowledgements.Options.LastEndpoint,
            MaxPendingItems = 1,
            RedeliveryTimeout = Within.Timeout,
            MaxMessageSize = FuzzRun.MaxFrameSize,
        });
        using var worker = new PullSocket(">" + producer.Endpoint);

        // The producer subscribes to its identity; once the subscription is here, no acknowledgement is lost to a late join.
        Assert.True(acknowledgements.TryReceiveFrameBytes(Within.Timeout, out var subscription), "the producer never subscribed");
        var identity = subscription[1..];
        var junk = new MalformedMessages(seed: 6007, FuzzRun.MaxFrameSize, [identity, new byte[8]], [new byte[8], new byte[16], new byte[7]]);
        var chooser = new Random(6008);
        var received = 0L;

        await FuzzRun.RunAsync(
            junk,
            frames =>
            {
                // Most junk starts with the identity, so that it passes the subscription; the rest is filtered out.
                byte[][] message = chooser.Next(4) == 0 ? frames : [identity, .. frames];
                acknowledgements.SendFrames(message);
                received += message[0].AsSpan().StartsWith(identity) ? 1 : 0;
            },
            async n =>
            {
                // With a window of one, this send waits until item n - 1 was acknowledged.
                await producer.Process(new WorkItem(n)).Bound();
                var item = worker.ReceiveFrames();
                Assert.Equal(n, PayloadFrames.Deserialize<WorkItem>(ZmqSerializers.MessagePack, item[0], "fuzz").Num);
                Assert.Equal("zmqc.id"u8.ToArray(), item[1][..7]);
                Assert.Equal(identity, item[1][7..23]);
                acknowledgements.SendFrames(identity, item[1][31..39], item[1][23..31]);
            },
            () => received,
            output);
        Assert.Equal(0, producer.ItemsRedelivered);
    }
}
