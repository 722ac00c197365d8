using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;
using ZmqContracts.Tests.PubSub;

namespace ZmqContracts.Tests.Serialization;

/// <summary>What serializing a payload leaves held once it is sent: the chunks it was written into, and who keeps them.</summary>
public class PayloadMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_one_off_16_MiB_message_leaves_at_most_two_pooled_MiB_of_its_chunks_held()
    {
        var recording = new ChunkRecordingSerializer();
        await using var publisher = new ZmqPublisher(Loopback.AnyPort, new ZmqPublisherOptions { Serializer = recording });
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<Client1Message>().StartTaking(1);
        await publisher.WaitForSubscriberAsync<Client1Message>().Bound();
        var text = new string('x', 16 * 1024 * 1024 - 64);

        // On a thread of its own, whose share of ArrayPool.Shared no other test touches, kept alive until the chunks are
        // counted (the pool lets go of what a thread holds when the thread ends; a thread pool's threads live on): a publish
        // serializes on the calling thread, and in Drop mode the message is sent when PublishAsync returns.
        using var published = new ManualResetEventSlim();
        using var counted = new ManualResetEventSlim();
        var sentAtOnce = false;
        var publishing = new Thread(() =>
        {
            sentAtOnce = publisher.PublishAsync(new Client1Message(text)).IsCompletedSuccessfully;
            published.Set();
            counted.Wait(Within.Timeout);
        });
        publishing.Start();
        Assert.True(published.Wait(Within.Timeout), "the publish did not return in time");
        Assert.True(sentAtOnce);
        Assert.Equal(text, (await received.Bound()).Single().Text);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var held = recording.Chunks.Where(chunk => chunk.IsAlive).ToList();
        counted.Set();
        Assert.True(publishing.Join(Within.Timeout), "the publishing thread did not end in time");
        output.WriteLine($"{recording.Chunks.Count} chunks of {recording.Chunks.Sum(chunk => (long)chunk.Length) / 1024} KiB in all; held after a full collection: {held.Sum(chunk => (long)chunk.Length) / 1024} KiB, the longest {held.Select(chunk => chunk.Length).DefaultIfEmpty().Max() / 1024} KiB");

        Assert.Contains(recording.Chunks, chunk => chunk.Length > PayloadBuffer.LargestPooledChunkLength);
        Assert.DoesNotContain(held, chunk => chunk.Length > PayloadBuffer.LargestPooledChunkLength);
        Assert.InRange(held.Sum(chunk => (long)chunk.Length), 0, 2L * PayloadBuffer.LargestPooledChunkLength);
    }

    /// <summary>A chunk the serializer wrote into, held weakly: whether something still holds it after a collection.</summary>
    private sealed class Chunk(byte[] array)
    {
        private readonly WeakReference _array = new(array);

        public int Length { get; } = array.Length;

        public bool IsAlive => _array.IsAlive;

        public bool Is(byte[] other) => ReferenceEquals(_array.Target, other);
    }

    /// <summary>MessagePack, through a writer that notes every chunk the payload buffer lends it.</summary>
    private sealed class ChunkRecordingSerializer : IZmqSerializer
    {
        private readonly List<Chunk> _chunks = [];

        public string Name => "recording";

        public IReadOnlyList<Chunk> Chunks
        {
            get
            {
                lock (_chunks)
                {
                    return _chunks.ToList();
                }
            }
        }

        public void Serialize<T>(IBufferWriter<byte> destination, T value) => ZmqSerializers.MessagePack.Serialize(new Recording(destination, this), value);

        public T Deserialize<T>(ReadOnlyMemory<byte> payload) => ZmqSerializers.MessagePack.Deserialize<T>(payload);

        private void Note(Memory<byte> memory)
        {
            Assert.True(MemoryMarshal.TryGetArray<byte>(memory, out var segment));
            lock (_chunks)
            {
                if (!_chunks.Exists(chunk => chunk.Is(segment.Array!)))
                {
                    _chunks.Add(new Chunk(segment.Array!));
                }
            }
        }

        private sealed class Recording(IBufferWriter<byte> inner, ChunkRecordingSerializer serializer) : IBufferWriter<byte>
        {
            public void Advance(int count) => inner.Advance(count);

            public Memory<byte> GetMemory(int sizeHint = 0)
            {
                var memory = inner.GetMemory(sizeHint);
                serializer.Note(memory);
                return memory;
            }

            public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
        }
    }
}
