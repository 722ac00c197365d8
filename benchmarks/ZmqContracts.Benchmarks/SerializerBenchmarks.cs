using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MessagePack;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// The serialization building blocks of both paths: <see cref="IZmqSerializer"/> (what generated code calls for
/// every argument and result) against MessagePack called directly with the same options. The receive path's
/// framing (IncomingRequest, the client's reply matching) has no public entry, so this and the round trip are
/// where it is measured.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SerializerBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly IZmqSerializer _serializer = ZmqSerializers.MessagePack;
    private byte[] _requestBytes = [];

    [GlobalSetup]
    public void Encode() => _requestBytes = MessagePackSerializer.Serialize(Pricing.SampleRequest, HandWrittenCodec.Options);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("serialize")]
    public int SerializeHandWritten()
    {
        _buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(_buffer, Pricing.SampleRequest, HandWrittenCodec.Options);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    [BenchmarkCategory("serialize")]
    public int SerializeThroughSdk()
    {
        _buffer.ResetWrittenCount();
        _serializer.Serialize(_buffer, Pricing.SampleRequest);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("deserialize")]
    public PriceRequest DeserializeHandWritten() => MessagePackSerializer.Deserialize<PriceRequest>(_requestBytes, HandWrittenCodec.Options);

    [Benchmark]
    [BenchmarkCategory("deserialize")]
    public PriceRequest DeserializeThroughSdk() => _serializer.Deserialize<PriceRequest>(_requestBytes);
}
