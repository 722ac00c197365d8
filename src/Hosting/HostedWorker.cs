using System;
using ZmqContracts.Runtime;

namespace ZmqContracts.Hosting;

/// <summary>A pipeline worker, hosted, whose implementation comes from a dependency-injection scope per item: what <c>AddZmqWorker</c> registers.</summary>
/// <param name="optionsName">The name of its <see cref="ZmqWorkerOptions"/>.</param>
/// <param name="create">Makes the generated worker (<c>ContractFactories</c>).</param>
/// <param name="services">The host's services.</param>
internal sealed class HostedWorker<TContract, TImplementation>(
    string optionsName, Func<ContractImplementation<TContract>, string, string?, ZmqWorkerOptions, IZmqEndpoint> create, IServiceProvider services)
    : HostedEndpoint
    where TContract : class
    where TImplementation : class, TContract
{
    protected override IZmqEndpoint Create()
    {
        var options = ZmqOptionsRegistration.Get<ZmqWorkerOptions>(services, optionsName, "Worker." + typeof(TContract).Name);
        return create(new ScopedImplementation<TContract, TImplementation>(services), options.InputEndpoint!, options.OutputEndpoint, options);
    }
}
