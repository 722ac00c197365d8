using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// One whole call over inproc://, so that sockets, framing and thread hand-offs are measured without the network:
/// hand-written REQ → REP against the generated client → generated server. This is where the receive path
/// (the server reading the request, the client matching and reading the reply) is measured, since its types are
/// internal. MemoryDiagnoser counts what every thread allocates, so Allocated is the cost of a call on both sides;
/// ThreadingDiagnoser counts the thread-pool work items (hand-offs) and lock contentions per call.
/// </summary>
[MemoryDiagnoser]
[ThreadingDiagnoser]
public class RequestReplyRoundTripBenchmarks
{
    private HandWrittenReplyServer _handWrittenServer = null!;
    private HandWrittenRequestClient _handWrittenClient = null!;
    private PricingServer _generatedServer = null!;
    private PricingClient _generatedClient = null!;

    [GlobalSetup]
    public void Start()
    {
        _handWrittenServer = HandWrittenReplyServer.Rep("inproc://round-trip-hand-written");
        _handWrittenClient = new HandWrittenRequestClient(_handWrittenServer.Endpoint);
        _generatedServer = new PricingServer(new Pricing(), "inproc://round-trip-generated");
        _generatedServer.Start();
        _generatedClient = new PricingClient(_generatedServer.Endpoint);
    }

    [GlobalCleanup]
    public async Task Stop()
    {
        _handWrittenClient.Dispose();
        _handWrittenServer.Dispose();
        await _generatedClient.DisposeAsync();
        await _generatedServer.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public PriceReply HandWritten() => _handWrittenClient.Call(Pricing.SampleRequest);

    [Benchmark]
    public Task<PriceReply> Generated() => _generatedClient.Price(Pricing.SampleRequest);
}
