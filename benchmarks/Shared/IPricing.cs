using System.Threading;
using System.Threading.Tasks;
using ZmqContracts;

namespace ZmqContracts.Benchmarks.Shared;

/// <summary>
/// The contract every request/reply measurement uses: one small request and one small reply, the size of a
/// typical command (about 30 bytes of MessagePack each way), so that framing and hand-offs, not the
/// serializer, dominate — the part the typed layer adds.
/// </summary>
[Reply]
public interface IPricing
{
    Task<PriceReply> Price(PriceRequest request, CancellationToken cancellationToken = default);
}

public sealed record PriceRequest(string Symbol, int Quantity, double LimitPrice);

public sealed record PriceReply(string Symbol, double Total, bool Accepted);

/// <summary>The implementation both the generated server and the hand-written servers run, so they do the same work.</summary>
public sealed class Pricing : IPricing
{
    public static PriceRequest SampleRequest { get; } = new("ZMQ", 100, 12.5);

    public static PriceReply Quote(PriceRequest request) =>
        new(request.Symbol, request.Quantity * request.LimitPrice, request.Quantity <= 10_000);

    public Task<PriceReply> Price(PriceRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(Quote(request));
}
