using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZmqContracts.Benchmarks.Shared;
using ZmqContracts.Hosting;
using ZmqContracts.Runtime;

namespace ZmqContracts.Benchmarks;

/// <summary>
/// What ZmqContracts.Hosting adds to a call by resolving the implementation in a dependency-injection scope of its own
/// (as grpc-dotnet does): first the dispatch alone, the generated handler's call into a fixed implementation against one
/// through <see cref="ScopedImplementation{TContract, TImplementation}"/> (create a scope, resolve, dispose); then whole
/// calls over inproc:// to a generated server and to a hosted one, where that difference sits among the hand-offs.
/// </summary>
[MemoryDiagnoser]
public class HostedServerBenchmarks
{
    private static readonly Func<IPricing, PriceRequest, CancellationToken, ValueTask> Operation =
        static async (pricing, request, cancellationToken) => await pricing.Price(request, cancellationToken).ConfigureAwait(false);

    private ContractImplementation<IPricing> _fixed = null!;
    private ContractImplementation<IPricing> _scoped = null!;
    private ServiceProvider _services = null!;
    private PricingServer _generatedServer = null!;
    private PricingClient _generatedClient = null!;
    private IHost _host = null!;
    private PricingClient _hostedClient = null!;

    [GlobalSetup]
    public async Task Start()
    {
        _fixed = ContractImplementation.Of<IPricing>(new Pricing());
        _services = new ServiceCollection().AddScoped<Pricing>().BuildServiceProvider();
        _scoped = new ScopedImplementation<IPricing, Pricing>(_services);

        _generatedServer = new PricingServer(new Pricing(), "inproc://hosted-benchmark-generated");
        _generatedServer.Start();
        _generatedClient = new PricingClient(_generatedServer.Endpoint);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddZmqServer(options => options.Endpoint = "inproc://hosted-benchmark-hosted").AddContract<IPricing, Pricing>();
        _host = builder.Build();
        await _host.StartAsync();
        _hostedClient = new PricingClient("inproc://hosted-benchmark-hosted");
    }

    [GlobalCleanup]
    public async Task Stop()
    {
        await _hostedClient.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
        await _generatedClient.DisposeAsync();
        await _generatedServer.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Dispatch")]
    public ValueTask FixedImplementation() => _fixed.InvokeAsync(Operation, Pricing.SampleRequest, CancellationToken.None);

    [Benchmark]
    [BenchmarkCategory("Dispatch")]
    public ValueTask ScopePerCall() => _scoped.InvokeAsync(Operation, Pricing.SampleRequest, CancellationToken.None);

    [Benchmark]
    [BenchmarkCategory("Call")]
    public Task<PriceReply> GeneratedServerCall() => _generatedClient.Price(Pricing.SampleRequest);

    [Benchmark]
    [BenchmarkCategory("Call")]
    public Task<PriceReply> HostedServerCall() => _hostedClient.Price(Pricing.SampleRequest);
}
