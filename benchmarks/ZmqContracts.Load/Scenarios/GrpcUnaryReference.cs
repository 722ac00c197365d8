using System.Collections.Generic;
using System.Threading.Tasks;
using Grpc.Core;
using Grpc.Net.Client;
using ZmqContracts.Benchmarks.Shared;

namespace ZmqContracts.Load;

/// <summary>
/// A reference, not a goal: what the request/reply latency of a mainstream .NET RPC stack looks like on the same
/// machine. Its "generated" column is a grpc-dotnet unary call over h2c loopback (same MessagePack payload), one at a
/// time; its baseline is the hand-written NetMQ REQ/REP run of <see cref="OneCallAtATime"/>, measured again.
/// </summary>
internal sealed class GrpcUnaryReference : ILoadScenario
{
    private readonly OneCallAtATime _netMqBaseline = new();

    public const string ScenarioName = "gRPC unary h2c (reference), 1 caller";

    public string Name => ScenarioName;

    public IReadOnlyList<ITarget> Targets { get; } = [];

    public Task<IReadOnlyList<Figure>> RunBaselineAsync(LoadSettings settings) => _netMqBaseline.RunBaselineAsync(settings);

    public async Task<IReadOnlyList<Figure>> RunGeneratedAsync(LoadSettings settings)
    {
        await using var host = await GrpcLoopbackHost.StartAsync();
        using var channel = GrpcChannel.ForAddress(host.Address);
        var invoker = channel.CreateCallInvoker();
        return await OneAtATime.MeasureAsync(async () =>
        {
            using var call = invoker.AsyncUnaryCall(PricingGrpcService.PriceMethod, null, new CallOptions(), Pricing.SampleRequest);
            await call.ResponseAsync;
        }, settings);
    }
}
