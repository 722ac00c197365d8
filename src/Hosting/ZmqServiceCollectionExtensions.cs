using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ZmqContracts;
using ZmqContracts.Hosting;
using ZmqContracts.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers ZmqContracts endpoints with a host: servers, workers and subscriptions as hosted services that bind or connect
/// when the host starts and drain when it stops; clients, producers, collectors, publishers and subscribers as
/// singletons. Options bind from configuration (a section such as <c>"Zmq:Server"</c>) or are set in code, and are
/// checked when the host starts. See docs/hosting.md.
/// </summary>
public static class ZmqServiceCollectionExtensions
{
    /// <summary>Registers a hosted request/reply server whose options bind from <paramref name="configuration"/>; add its contracts with <see cref="ZmqServerBuilder.AddContract{TContract, TImplementation}"/>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section such as <c>Zmq:Server</c>, with at least <c>Endpoint</c>.</param>
    public static ZmqServerBuilder AddZmqServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = ServerOptions(services, PathOf(configuration));
        builder.Options.Bind(configuration);
        return builder.Server;
    }

    /// <summary>Registers a hosted request/reply server whose options <paramref name="configure"/> sets; add its contracts with <see cref="ZmqServerBuilder.AddContract{TContract, TImplementation}"/>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqServerOptions.Endpoint"/> at least.</param>
    public static ZmqServerBuilder AddZmqServer(this IServiceCollection services, Action<ZmqServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = ServerOptions(services, $"ZmqServer{services.Count}");
        builder.Options.Configure(configure);
        return builder.Server;
    }

    /// <summary>Registers the generated client of <typeparamref name="TContract"/> as a singleton <typeparamref name="TContract"/> (and as its generated type), with options bound from <paramref name="configuration"/>.</summary>
    /// <typeparam name="TContract">A <c>[Reply]</c> interface.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section such as <c>Zmq:Calculator</c>, with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqClient<TContract>(this IServiceCollection services, IConfiguration configuration)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ClientOptions<TContract>(services, PathOf(configuration)).Bind(configuration);
        return AddClient<TContract>(services, PathOf(configuration));
    }

    /// <summary>Registers the generated client of <typeparamref name="TContract"/> as a singleton <typeparamref name="TContract"/> (and as its generated type), with options <paramref name="configure"/> sets.</summary>
    /// <typeparam name="TContract">A <c>[Reply]</c> interface.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqClientOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqClient<TContract>(this IServiceCollection services, Action<ZmqClientOptions> configure)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        var optionsName = $"{typeof(TContract).Name} client";
        ClientOptions<TContract>(services, optionsName).Configure(configure);
        return AddClient<TContract>(services, optionsName);
    }

    /// <summary>
    /// Registers a hosted pipeline worker of <typeparamref name="TContract"/>, with options (<c>InputEndpoint</c>,
    /// <c>OutputEndpoint</c>) bound from <paramref name="configuration"/>. Each item is processed by a
    /// <typeparamref name="TImplementation"/> resolved in a scope of its own; it is registered as scoped unless it is
    /// registered already.
    /// </summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface.</typeparam>
    /// <typeparam name="TImplementation">Its implementation.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section such as <c>Zmq:Worker</c>.</param>
    public static IServiceCollection AddZmqWorker<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(
        this IServiceCollection services, IConfiguration configuration)
        where TContract : class
        where TImplementation : class, TContract
    {
        ArgumentNullException.ThrowIfNull(configuration);
        WorkerOptions<TContract>(services, PathOf(configuration)).Bind(configuration);
        return AddWorker<TContract, TImplementation>(services, PathOf(configuration));
    }

    /// <summary>Registers a hosted pipeline worker of <typeparamref name="TContract"/>, with options <paramref name="configure"/> sets; see the overload that binds them from configuration.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface.</typeparam>
    /// <typeparam name="TImplementation">Its implementation.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqWorkerOptions.InputEndpoint"/> at least.</param>
    public static IServiceCollection AddZmqWorker<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(
        this IServiceCollection services, Action<ZmqWorkerOptions> configure)
        where TContract : class
        where TImplementation : class, TContract
    {
        ArgumentNullException.ThrowIfNull(configure);
        var optionsName = $"{typeof(TContract).Name} worker";
        WorkerOptions<TContract>(services, optionsName).Configure(configure);
        return AddWorker<TContract, TImplementation>(services, optionsName);
    }

    /// <summary>Registers the generated producer of <typeparamref name="TContract"/> as a singleton of its generated type (<c>SquarerProducer</c>), with options bound from <paramref name="configuration"/>.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqProducer<TContract>(this IServiceCollection services, IConfiguration configuration)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddGenerated<TContract, ZmqProducerOptions>(services, "producer", PathOf(configuration), options => options.Bind(configuration));
    }

    /// <summary>Registers the generated producer of <typeparamref name="TContract"/> as a singleton of its generated type, with options <paramref name="configure"/> sets.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqProducerOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqProducer<TContract>(this IServiceCollection services, Action<ZmqProducerOptions> configure)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddGenerated<TContract, ZmqProducerOptions>(services, "producer", $"{typeof(TContract).Name} producer", options => options.Configure(configure));
    }

    /// <summary>Registers the generated collector of <typeparamref name="TContract"/> as a singleton of its generated type (<c>SquarerCollector</c>), with options bound from <paramref name="configuration"/>.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface with an operation that returns a result.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqCollector<TContract>(this IServiceCollection services, IConfiguration configuration)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddGenerated<TContract, ZmqCollectorOptions>(services, "collector", PathOf(configuration), options => options.Bind(configuration));
    }

    /// <summary>Registers the generated collector of <typeparamref name="TContract"/> as a singleton of its generated type, with options <paramref name="configure"/> sets.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface with an operation that returns a result.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqCollectorOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqCollector<TContract>(this IServiceCollection services, Action<ZmqCollectorOptions> configure)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddGenerated<TContract, ZmqCollectorOptions>(services, "collector", $"{typeof(TContract).Name} collector", options => options.Configure(configure));
    }

    /// <summary>Registers a singleton <see cref="ZmqPublisher"/>, with options bound from <paramref name="configuration"/>; it binds (or connects) when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqPublisher(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        EndpointOptions<ZmqPublisherOptions>(services, PathOf(configuration), "Publisher").Bind(configuration);
        return AddPublisher(services, PathOf(configuration));
    }

    /// <summary>Registers a singleton <see cref="ZmqPublisher"/>, with options <paramref name="configure"/> sets; it binds (or connects) when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqPublisherOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqPublisher(this IServiceCollection services, Action<ZmqPublisherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        EndpointOptions<ZmqPublisherOptions>(services, nameof(ZmqPublisher), "Publisher").Configure(configure);
        return AddPublisher(services, nameof(ZmqPublisher));
    }

    /// <summary>Registers a singleton <see cref="ZmqSubscriber"/>, with options bound from <paramref name="configuration"/>; it connects when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqSubscriber(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        EndpointOptions<ZmqSubscriberOptions>(services, PathOf(configuration), "Subscriber").Bind(configuration);
        return AddSubscriber(services, PathOf(configuration));
    }

    /// <summary>Registers a singleton <see cref="ZmqSubscriber"/>, with options <paramref name="configure"/> sets; it connects when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqSubscriberOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqSubscriber(this IServiceCollection services, Action<ZmqSubscriberOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        EndpointOptions<ZmqSubscriberOptions>(services, nameof(ZmqSubscriber), "Subscriber").Configure(configure);
        return AddSubscriber(services, nameof(ZmqSubscriber));
    }

    /// <summary>
    /// Registers a hosted subscription: a subscriber of its own, with options bound from <paramref name="configuration"/>,
    /// that subscribes when the host starts and hands each <typeparamref name="TMessage"/> to a
    /// <typeparamref name="THandler"/> resolved in a scope of its own, one message at a time. It is registered as scoped
    /// unless it is registered already.
    /// </summary>
    /// <typeparam name="TMessage">A <c>[Topic]</c> record.</typeparam>
    /// <typeparam name="THandler">Its handler.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>: the publisher's.</param>
    public static IServiceCollection AddZmqSubscription<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IServiceCollection services, IConfiguration configuration)
        where TMessage : ITopicMessage<TMessage>
        where THandler : class, IZmqMessageHandler<TMessage>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        EndpointOptions<ZmqSubscriberOptions>(services, PathOf(configuration), "Subscription." + typeof(TMessage).Name).Bind(configuration);
        return AddSubscription<TMessage, THandler>(services, PathOf(configuration));
    }

    /// <summary>Registers a hosted subscription with options <paramref name="configure"/> sets; see the overload that binds them from configuration.</summary>
    /// <typeparam name="TMessage">A <c>[Topic]</c> record.</typeparam>
    /// <typeparam name="THandler">Its handler.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqSubscriberOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqSubscription<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this IServiceCollection services, Action<ZmqSubscriberOptions> configure)
        where TMessage : ITopicMessage<TMessage>
        where THandler : class, IZmqMessageHandler<TMessage>
    {
        ArgumentNullException.ThrowIfNull(configure);
        var optionsName = $"{typeof(TMessage).Name} subscription";
        EndpointOptions<ZmqSubscriberOptions>(services, optionsName, "Subscription." + typeof(TMessage).Name).Configure(configure);
        return AddSubscription<TMessage, THandler>(services, optionsName);
    }

    /// <summary>How options bound from <paramref name="configuration"/> are named, and named in messages: its path, such as <c>Zmq:Server</c>.</summary>
    private static string PathOf(IConfiguration configuration) => configuration is IConfigurationSection section ? section.Path : "Zmq";

    private static (OptionsBuilder<ZmqServerOptions> Options, ZmqServerBuilder Server) ServerOptions(IServiceCollection services, string optionsName)
    {
        var contracts = new List<ServedContract>();
        var options = ZmqOptionsRegistration.Add<ZmqServerOptions>(services, optionsName, () => "ZmqContracts.Server." + ServedContract.Names(contracts));
        services.AddKeyedSingleton(optionsName, (provider, _) => new HostedServer(optionsName, contracts, provider));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<HostedServer>(optionsName));
        return (options, new ZmqServerBuilder(services, optionsName, contracts));
    }

    private static OptionsBuilder<ZmqClientOptions> ClientOptions<TContract>(IServiceCollection services, string optionsName) =>
        EndpointOptions<ZmqClientOptions>(services, optionsName, "Client." + typeof(TContract).Name);

    private static IServiceCollection AddClient<TContract>(IServiceCollection services, string optionsName)
        where TContract : class
    {
        var factory = ContractFactories.Find<EndpointFactory<ZmqClientOptions>>(typeof(TContract), "client");
        services.AddSingleton(provider =>
        {
            var options = ZmqOptionsRegistration.Get<ZmqClientOptions>(provider, optionsName);
            return (TContract)factory.Create(options.Endpoint!, options);
        });
        services.Add(ServiceDescriptor.Singleton(factory.EndpointType, provider => provider.GetRequiredService<TContract>()));
        services.AddSingleton(new ZmqHealthEntry($"{typeof(TContract).Name} client", provider => new ClientHealthCheck(
            (ClientBase)(object)provider.GetRequiredService<TContract>(),
            $"{typeof(TContract).Name} client of {ZmqOptionsRegistration.Get<ZmqClientOptions>(provider, optionsName).Endpoint}")));
        return services;
    }

    private static OptionsBuilder<ZmqWorkerOptions> WorkerOptions<TContract>(IServiceCollection services, string optionsName) =>
        ZmqOptionsRegistration.Add<ZmqWorkerOptions>(services, optionsName, () => "ZmqContracts.Worker." + typeof(TContract).Name);

    private static IServiceCollection AddWorker<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(IServiceCollection services, string optionsName)
        where TContract : class
        where TImplementation : class, TContract
    {
        var create = ContractFactories.Find<Func<ContractImplementation<TContract>, string, string?, ZmqWorkerOptions, IZmqEndpoint>>(typeof(TContract), "worker");
        services.TryAddScoped<TImplementation>();
        services.AddSingleton<IHostedService>(provider => new HostedWorker<TContract, TImplementation>(optionsName, create, provider));
        return services;
    }

    private static OptionsBuilder<TOptions> EndpointOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceCollection services, string optionsName, string logCategory)
        where TOptions : ZmqSocketOptions =>
        ZmqOptionsRegistration.Add<TOptions>(services, optionsName, () => "ZmqContracts." + logCategory);

    /// <summary>Registers the generated <paramref name="role"/> of <typeparamref name="TContract"/> as a singleton of its generated type.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="role">Which generated type: <c>producer</c> or <c>collector</c>.</param>
    /// <param name="optionsName">The name of its options.</param>
    /// <param name="configure">Binds or configures its options.</param>
    private static IServiceCollection AddGenerated<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services, string role, string optionsName, Action<OptionsBuilder<TOptions>> configure)
        where TContract : class
        where TOptions : ZmqSocketOptions
    {
        var factory = ContractFactories.Find<EndpointFactory<TOptions>>(typeof(TContract), role);
        configure(EndpointOptions<TOptions>(services, optionsName, $"{char.ToUpperInvariant(role[0])}{role[1..]}.{typeof(TContract).Name}"));
        services.Add(ServiceDescriptor.Singleton(factory.EndpointType, provider =>
        {
            var options = ZmqOptionsRegistration.Get<TOptions>(provider, optionsName);
            return factory.Create(options.HostedEndpoint.Value!, options);
        }));
        return services;
    }

    private static IServiceCollection AddPublisher(IServiceCollection services, string optionsName)
    {
        services.AddSingleton(provider =>
        {
            var options = ZmqOptionsRegistration.Get<ZmqPublisherOptions>(provider, optionsName);
            return new ZmqPublisher(options.Endpoint!, options);
        });
        return services;
    }

    private static IServiceCollection AddSubscriber(IServiceCollection services, string optionsName)
    {
        services.AddSingleton(provider =>
        {
            var options = ZmqOptionsRegistration.Get<ZmqSubscriberOptions>(provider, optionsName);
            return new ZmqSubscriber(options.Endpoint!, options);
        });
        return services;
    }

    private static IServiceCollection AddSubscription<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(IServiceCollection services, string optionsName)
        where TMessage : ITopicMessage<TMessage>
        where THandler : class, IZmqMessageHandler<TMessage>
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton<IHostedService>(provider => new HostedSubscription<TMessage, THandler>(optionsName, provider));
        return services;
    }
}
