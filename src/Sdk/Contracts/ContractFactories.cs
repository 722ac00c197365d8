using System;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace ZmqContracts.Runtime;

/// <summary>
/// What the generator wrote for each contract, by contract: how to make its client, server, worker, producer and
/// collector. Each generated type registers itself here from a module initializer of the contract's assembly, so that
/// ZmqContracts.Hosting finds, say, the client of <c>ICalculator</c> without looking through assemblies by reflection,
/// which trimming and native AOT would break. Used by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ContractFactories
{
    private static readonly ConcurrentDictionary<(Type Contract, string Role), object> s_factories = new();

    /// <summary>Registers the server side of a [Reply] contract: its operations, bound to a source of implementations.</summary>
    public static void AddServer<TContract>(Func<ContractImplementation<TContract>, ReplyService> service)
        where TContract : class =>
        Add<TContract>("server", service);

    /// <summary>Registers the client of a [Reply] contract, which implements the contract.</summary>
    public static void AddClient<TContract, TClient>(Func<string, ZmqClientOptions, TClient> create)
        where TContract : class
        where TClient : ClientBase, TContract =>
        Add<TContract>("client", new EndpointFactory<ZmqClientOptions>(typeof(TClient), create));

    /// <summary>Registers the worker of a [Pipeline] contract.</summary>
    public static void AddWorker<TContract>(Func<ContractImplementation<TContract>, string, string?, ZmqWorkerOptions, IZmqEndpoint> create)
        where TContract : class =>
        Add<TContract>("worker", create);

    /// <summary>Registers the producer of a [Pipeline] contract.</summary>
    public static void AddProducer<TContract, TProducer>(Func<string, ZmqProducerOptions, TProducer> create)
        where TContract : class
        where TProducer : class, IZmqEndpoint =>
        Add<TContract>("producer", new EndpointFactory<ZmqProducerOptions>(typeof(TProducer), create));

    /// <summary>Registers the collector of a [Pipeline] contract that has results.</summary>
    public static void AddCollector<TContract, TCollector>(Func<string, ZmqCollectorOptions, TCollector> create)
        where TContract : class
        where TCollector : class, IZmqEndpoint =>
        Add<TContract>("collector", new EndpointFactory<ZmqCollectorOptions>(typeof(TCollector), create));

    /// <summary>What was registered for <paramref name="contract"/> in <paramref name="role"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was: the message names the contract and the role, and says why that may be.</exception>
    internal static TFactory Find<TFactory>(Type contract, string role)
        where TFactory : class =>
        Registered(contract, role) as TFactory ?? throw new InvalidOperationException(
            $"{contract.FullName} has no generated {role}: it needs {(role is "server" or "client" ? "[Reply]" : "[Pipeline]")} " +
            $"on the contract{(role == "collector" ? " and an operation with a result" : "")}, in a project that references ZmqContracts.");

    /// <summary>
    /// Whether the [Pipeline] contract <paramref name="contract"/> has an operation with a result, which its workers must
    /// send to an output: the generator writes a collector for exactly those contracts.
    /// </summary>
    internal static bool HasResults(Type contract) => Registered(contract, "collector") is not null;

    /// <summary>What was registered for <paramref name="contract"/> in <paramref name="role"/>, or <see langword="null"/>.</summary>
    private static object? Registered(Type contract, string role)
    {
        if (!s_factories.TryGetValue((contract, role), out var factory))
        {
            // A contract's module initializer runs when its assembly's code is first used: a host that so far only named
            // the contract's type may be first.
            RuntimeHelpers.RunModuleConstructor(contract.Module.ModuleHandle);
            s_factories.TryGetValue((contract, role), out factory);
        }

        return factory;
    }

    private static void Add<TContract>(string role, object factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        s_factories[(typeof(TContract), role)] = factory;
    }
}

/// <summary>How to make an endpoint of a generated type from its endpoint and options.</summary>
/// <param name="EndpointType">The generated type, such as <c>SquarerProducer</c>.</param>
/// <param name="Create">Makes one.</param>
internal sealed record EndpointFactory<TOptions>(Type EndpointType, Func<string, TOptions, IZmqEndpoint> Create);
