using System.Buffers;
using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MessagePack;
using MessagePack.Resolvers;

namespace ZmqContracts.Benchmarks;

public enum Side
{
    Buy,
    Sell,
}

public sealed record Trader(string Name, string? Desk);

public sealed record Fill(string Symbol, int Quantity, double Price, Side Side);

/// <summary>A message with what contracts carry: a nested record (and a null one), a list, a dictionary, an enum and a null string.</summary>
public sealed record Ticket(long Id, Trader Trader, Trader? Approver, List<Fill> Fills, Dictionary<string, int> Limits, Side Side, string? Comment);

/// <summary>The contract that makes the generator write formatters for <see cref="Ticket"/> and what it holds.</summary>
[Reply]
public interface ITickets
{
    Task<Ticket> Book(Ticket ticket);
}

/// <summary>
/// The generated formatters (what <see cref="ZmqSerializers.MessagePack"/> uses for contract types) against MessagePack's
/// contractless resolver (what it used before, and what writes the same bytes), on the same records in the same run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GeneratedFormatterBenchmarks
{
    private static readonly MessagePackSerializerOptions Contractless = MessagePackSerializerOptions.Standard
        .WithResolver(ContractlessStandardResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private static readonly MessagePackSerializerOptions Generated = MessagePackSerializerOptions.Standard
        .WithResolver(MessagePackZmqSerializer.Resolver)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private static readonly Ticket Sample = new(
        1234567,
        new Trader("ada", "rates"),
        null,
        [new Fill("ZMQ", 100, 12.5, Side.Buy), new Fill("NET", 250, 99.75, Side.Buy), new Fill("AOT", 10, 0.125, Side.Sell)],
        new Dictionary<string, int> { ["daily"] = 1_000_000, ["single"] = 50_000 },
        Side.Buy,
        null);

    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Encode() => _bytes = MessagePackSerializer.Serialize(Sample, Contractless);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("serialize")]
    public int SerializeContractless() => Serialize(Contractless);

    [Benchmark]
    [BenchmarkCategory("serialize")]
    public int SerializeGenerated() => Serialize(Generated);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("deserialize")]
    public Ticket DeserializeContractless() => MessagePackSerializer.Deserialize<Ticket>(_bytes, Contractless);

    [Benchmark]
    [BenchmarkCategory("deserialize")]
    public Ticket DeserializeGenerated() => MessagePackSerializer.Deserialize<Ticket>(_bytes, Generated);

    private int Serialize(MessagePackSerializerOptions options)
    {
        _buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(_buffer, Sample, options);
        return _buffer.WrittenCount;
    }
}
