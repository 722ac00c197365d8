using System;
using ZmqContracts.Runtime;

namespace ZmqContracts.Hosting;

/// <summary>A pipeline worker, hosted, whose implementation comes from a dependency-injection scope per item: what <c>AddZmqWorker</c> registers.</summary>
/// <param name="optionsName">The name of its <see cref="ZmqWorkerOptions"/>.</param>
/// <param name="services">The host's services.</param>
internal sealed class HostedWorker<TContract, TImplementation>(string optionsName, IServiceProvider services) : HostedEndpoint
    where TContract : class
    where TImplementation : class, TContract
{
    private readonly Func<ContractImplementation<TContract>, string, string?, ZmqWorkerOptions, IZmqEndpoint> _create =
        ContractFactories.Find<Func<ContractImplementation<TContract>, string, string?, ZmqWorkerOptions, IZmqEndpoint>>(typeof(TContract), "worker");

    public override string Description =>
        $"{typeof(TContract).Name} worker from {ZmqOptionsRegistration.Get<ZmqWorkerOptions>(services, optionsName).InputEndpoint}";

    protected override IZmqEndpoint Create()
    {
        var options = ZmqOptionsRegistration.Get<ZmqWorkerOptions>(services, optionsName);
        return _create(new ScopedImplementation<TContract, TImplementation>(services), options.InputEndpoint!, options.OutputEndpoint, options);
    }
}
