using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZmqContracts.Runtime;

namespace ZmqContracts.Hosting;

/// <summary>
/// A hosted request/reply server that <c>AddZmqServer</c> registered, to which <see cref="AddContract{TContract, TImplementation}"/>
/// adds the contracts it serves: one, or several on the one endpoint, as a gRPC server serves several services on one port.
/// </summary>
public sealed class ZmqServerBuilder
{
    private readonly List<ServedContract> _contracts;

    /// <summary>The key of the server's <see cref="HostedServer"/> among the host's services.</summary>
    private readonly object _server;

    internal ZmqServerBuilder(IServiceCollection services, string optionsName, object server, List<ServedContract> contracts)
    {
        Services = services;
        OptionsName = optionsName;
        _server = server;
        _contracts = contracts;
    }

    /// <summary>The services the server is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// The name of the server's <see cref="ZmqServerOptions"/>: the configuration section's path (<c>ZmqServer</c> for the
    /// configuration's root); or, set in code, <c>ZmqServer</c>. Either is followed by a number when other server options
    /// than those bound from the same section have that name already (<c>ZmqServer 2</c>).
    /// </summary>
    public string OptionsName { get; }

    /// <summary>
    /// Serves <typeparamref name="TContract"/> on the server's endpoint. Each call is handled by a
    /// <typeparamref name="TImplementation"/> resolved in a dependency-injection scope of its own, disposed when the call
    /// ends, so it may take scoped dependencies; it is registered as scoped unless it is registered already.
    /// </summary>
    /// <typeparam name="TContract">A <c>[Reply]</c> interface.</typeparam>
    /// <typeparam name="TImplementation">Its implementation.</typeparam>
    /// <exception cref="InvalidOperationException">The generator wrote no server for <typeparamref name="TContract"/>, or it is added already.</exception>
    /// <remarks>
    /// The contracts of one server must not have two operations of the same name: a request names only its operation
    /// (docs/protocol.md); the host's start fails with a message naming both contracts otherwise.
    /// </remarks>
    public ZmqServerBuilder AddContract<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>()
        where TContract : class
        where TImplementation : class, TContract
    {
        var service = ContractFactories.Find<Func<ContractImplementation<TContract>, ReplyService>>(typeof(TContract), "server");
        var name = typeof(TContract).Name;
        if (_contracts.Exists(contract => contract.Contract == typeof(TContract)))
        {
            throw new InvalidOperationException($"The server of options '{OptionsName}' serves {name} already.");
        }

        Services.TryAddScoped<TImplementation>();
        _contracts.Add(new ServedContract(typeof(TContract), provider => service(new ScopedImplementation<TContract, TImplementation>(provider))));
        Services.AddSingleton(new ZmqHealthEntry(
            $"{name} server", provider => new HostedEndpointHealthCheck(HostedServer(provider))));
        return this;
    }

    /// <summary>The server's <see cref="Hosting.HostedServer"/>, the one of <paramref name="provider"/>'s host.</summary>
    internal HostedServer HostedServer(IServiceProvider provider) => KeyedServices.Get<HostedServer>(provider, _server, $"server of options '{OptionsName}'");
}
