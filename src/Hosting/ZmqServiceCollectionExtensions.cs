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
        var builder = ServerOptions(services, Bound<ZmqServerOptions>(services, configuration, "ZmqServer"));
        builder.Options.Configure(options => configuration.Bind(options));
        return builder.Server;
    }

    /// <summary>Registers a hosted request/reply server whose options <paramref name="configure"/> sets; add its contracts with <see cref="ZmqServerBuilder.AddContract{TContract, TImplementation}"/>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqServerOptions.Endpoint"/> at least.</param>
    public static ZmqServerBuilder AddZmqServer(this IServiceCollection services, Action<ZmqServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = ServerOptions(services, Named<ZmqServerOptions>(services, "ZmqServer"));
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
        var names = Bound<ZmqClientOptions>(services, configuration, $"{typeof(TContract).Name} client");
        EndpointOptions<ZmqClientOptions>(services, names).Configure(options => configuration.Bind(options));
        return AddClient<TContract>(services, names.Name);
    }

    /// <summary>Registers the generated client of <typeparamref name="TContract"/> as a singleton <typeparamref name="TContract"/> (and as its generated type), with options <paramref name="configure"/> sets.</summary>
    /// <typeparam name="TContract">A <c>[Reply]</c> interface.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqClientOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqClient<TContract>(this IServiceCollection services, Action<ZmqClientOptions> configure)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        var names = Named<ZmqClientOptions>(services, $"{typeof(TContract).Name} client");
        EndpointOptions<ZmqClientOptions>(services, names).Configure(configure);
        return AddClient<TContract>(services, names.Name);
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
        var names = Bound<ZmqWorkerOptions>(services, configuration, $"{typeof(TContract).Name} worker");
        EndpointOptions<ZmqWorkerOptions>(services, names).Configure(options => configuration.Bind(options));
        return AddWorker<TContract, TImplementation>(services, names);
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
        var names = Named<ZmqWorkerOptions>(services, $"{typeof(TContract).Name} worker");
        EndpointOptions<ZmqWorkerOptions>(services, names).Configure(configure);
        return AddWorker<TContract, TImplementation>(services, names);
    }

    /// <summary>Registers the generated producer of <typeparamref name="TContract"/> as a singleton of its generated type (<c>SquarerProducer</c>), with options bound from <paramref name="configuration"/>.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqProducer<TContract>(this IServiceCollection services, IConfiguration configuration)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddGenerated<TContract, ZmqProducerOptions>(services, "producer", Bound<ZmqProducerOptions>(services, configuration, $"{typeof(TContract).Name} producer"), options => options.Configure(bound => configuration.Bind(bound)));
    }

    /// <summary>Registers the generated producer of <typeparamref name="TContract"/> as a singleton of its generated type, with options <paramref name="configure"/> sets.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqProducerOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqProducer<TContract>(this IServiceCollection services, Action<ZmqProducerOptions> configure)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddGenerated<TContract, ZmqProducerOptions>(services, "producer", Named<ZmqProducerOptions>(services, $"{typeof(TContract).Name} producer"), options => options.Configure(configure));
    }

    /// <summary>Registers the generated collector of <typeparamref name="TContract"/> as a singleton of its generated type (<c>SquarerCollector</c>), with options bound from <paramref name="configuration"/>.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface with an operation that returns a result.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqCollector<TContract>(this IServiceCollection services, IConfiguration configuration)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AddGenerated<TContract, ZmqCollectorOptions>(services, "collector", Bound<ZmqCollectorOptions>(services, configuration, $"{typeof(TContract).Name} collector"), options => options.Configure(bound => configuration.Bind(bound)));
    }

    /// <summary>Registers the generated collector of <typeparamref name="TContract"/> as a singleton of its generated type, with options <paramref name="configure"/> sets.</summary>
    /// <typeparam name="TContract">A <c>[Pipeline]</c> interface with an operation that returns a result.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqCollectorOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqCollector<TContract>(this IServiceCollection services, Action<ZmqCollectorOptions> configure)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddGenerated<TContract, ZmqCollectorOptions>(services, "collector", Named<ZmqCollectorOptions>(services, $"{typeof(TContract).Name} collector"), options => options.Configure(configure));
    }

    /// <summary>Registers a singleton <see cref="ZmqPublisher"/>, with options bound from <paramref name="configuration"/>; it binds (or connects) when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqPublisher(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var names = Bound<ZmqPublisherOptions>(services, configuration, nameof(ZmqPublisher));
        EndpointOptions<ZmqPublisherOptions>(services, names).Configure(options => configuration.Bind(options));
        return AddPublisher(services, names.Name);
    }

    /// <summary>Registers a singleton <see cref="ZmqPublisher"/>, with options <paramref name="configure"/> sets; it binds (or connects) when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqPublisherOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqPublisher(this IServiceCollection services, Action<ZmqPublisherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var names = Named<ZmqPublisherOptions>(services, nameof(ZmqPublisher));
        EndpointOptions<ZmqPublisherOptions>(services, names).Configure(configure);
        return AddPublisher(services, names.Name);
    }

    /// <summary>Registers a singleton <see cref="ZmqSubscriber"/>, with options bound from <paramref name="configuration"/>; it connects when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">A section with at least <c>Endpoint</c>.</param>
    public static IServiceCollection AddZmqSubscriber(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var names = Bound<ZmqSubscriberOptions>(services, configuration, nameof(ZmqSubscriber));
        EndpointOptions<ZmqSubscriberOptions>(services, names).Configure(options => configuration.Bind(options));
        return AddSubscriber(services, names.Name);
    }

    /// <summary>Registers a singleton <see cref="ZmqSubscriber"/>, with options <paramref name="configure"/> sets; it connects when first resolved.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options, <see cref="ZmqSubscriberOptions.Endpoint"/> at least.</param>
    public static IServiceCollection AddZmqSubscriber(this IServiceCollection services, Action<ZmqSubscriberOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var names = Named<ZmqSubscriberOptions>(services, nameof(ZmqSubscriber));
        EndpointOptions<ZmqSubscriberOptions>(services, names).Configure(configure);
        return AddSubscriber(services, names.Name);
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
        var names = Bound<ZmqSubscriberOptions>(services, configuration, $"{typeof(TMessage).Name} subscription");
        EndpointOptions<ZmqSubscriberOptions>(services, names).Configure(options => configuration.Bind(options));
        return AddSubscription<TMessage, THandler>(services, names.Name);
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
        var names = Named<ZmqSubscriberOptions>(services, $"{typeof(TMessage).Name} subscription");
        EndpointOptions<ZmqSubscriberOptions>(services, names).Configure(configure);
        return AddSubscription<TMessage, THandler>(services, names.Name);
    }

    /// <summary>
    /// The name of options bound from <paramref name="configuration"/>: its path, such as <c>Zmq:Server</c>, or
    /// <paramref name="rootName"/> for the configuration's root, followed by a number when options set in code or bound
    /// from elsewhere have that name already; and the path, which validation messages put before each key (empty for the
    /// root). Registrations bound from one section share its options, as they share its values, so that
    /// <c>services.Configure&lt;T&gt;(path, ...)</c> reaches each of them.
    /// </summary>
    private static OptionsNames Bound<TOptions>(IServiceCollection services, IConfiguration configuration, string rootName)
        where TOptions : ZmqSocketOptions
    {
        var path = configuration is IConfigurationSection section ? section.Path : "";
        var source = new ZmqOptionsSource(path.Length == 0 ? rootName : path, path);
        return new(ZmqOptionsRegistration.BoundName<TOptions>(services, source), path, source, configuration);
    }

    /// <summary>The name of options set in code, unique among the registrations of <typeparamref name="TOptions"/>: <paramref name="name"/>, or it followed by a number; validation messages name the options by it too.</summary>
    private static OptionsNames Named<TOptions>(IServiceCollection services, string name)
        where TOptions : ZmqSocketOptions
    {
        var unique = ZmqOptionsRegistration.UniqueName<TOptions>(services, name);
        return new(unique, unique, Source: null, Configuration: null);
    }

    private static (OptionsBuilder<ZmqServerOptions> Options, ZmqServerBuilder Server) ServerOptions(IServiceCollection services, OptionsNames names)
    {
        var contracts = new List<ServedContract>();
        var optionsName = names.Name;
        var options = EndpointOptions<ZmqServerOptions>(services, names);

        // Keyed by the registration, not by its options' name, which two servers bound from one section share.
        var server = new object();
        services.AddKeyedSingleton(server, (provider, _) => new HostedServer(optionsName, contracts, provider));
        var builder = new ZmqServerBuilder(services, optionsName, server, contracts);
        services.AddSingleton<IHostedService>(builder.HostedServer);
        return (options, builder);
    }

    private static IServiceCollection AddClient<TContract>(IServiceCollection services, string optionsName)
        where TContract : class
    {
        var factory = ContractFactories.Find<EndpointFactory<ZmqClientOptions>>(typeof(TContract), "client");
        AddEndpoint<ZmqClientOptions>(services, typeof(TContract), optionsName, "Client." + typeof(TContract).Name, factory.Create);
        AddNamedSingleton(services, factory.EndpointType, optionsName, provider => Client<TContract>(provider, optionsName));
        services.AddSingleton(new ZmqHealthEntry($"{typeof(TContract).Name} client", provider => new ClientHealthCheck(
            typeof(TContract).Name, (ClientBase)(object)Client<TContract>(provider, optionsName))));
        return services;
    }

    /// <summary>
    /// Registers what <paramref name="create"/> makes as a singleton <paramref name="type"/> keyed by its options' name
    /// (<c>[FromKeyedServices("Zmq:Pricing")]</c>), and as the unkeyed one, which, as dependency injection does with a type
    /// registered twice, resolves the last registration's; <c>IEnumerable</c> resolves every registration's.
    /// </summary>
    private static void AddNamedSingleton(IServiceCollection services, Type type, string optionsName, Func<IServiceProvider, object> create)
    {
        services.Add(ServiceDescriptor.KeyedSingleton(type, optionsName, (provider, _) => create(provider)));
        services.Add(ServiceDescriptor.Singleton(type, provider => KeyedServices.Get(provider, type, optionsName, $"{type.Name} of options '{optionsName}'")));
    }

    private static TContract Client<TContract>(IServiceProvider provider, string optionsName)
        where TContract : class =>
        KeyedServices.Get<TContract>(provider, optionsName, $"{typeof(TContract).Name} client of options '{optionsName}'");

    private static IServiceCollection AddWorker<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(IServiceCollection services, OptionsNames names)
        where TContract : class
        where TImplementation : class, TContract
    {
        var create = ContractFactories.Find<Func<ContractImplementation<TContract>, string, string?, ZmqWorkerOptions, IZmqEndpoint>>(typeof(TContract), "worker");
        if (ContractFactories.HasResults(typeof(TContract)))
        {
            // Per registration, not per options: a terminal stage bound from the same section needs no output.
            services.AddSingleton<IValidateOptions<ZmqWorkerOptions>>(new ZmqWorkerOutputValidator(names.Name, names.Path, typeof(TContract).Name));
        }

        services.TryAddScoped<TImplementation>();
        var optionsName = names.Name;
        services.AddSingleton<IHostedService>(provider => new HostedWorker<TContract, TImplementation>(optionsName, create, provider));
        return services;
    }

    private static OptionsBuilder<TOptions> EndpointOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(IServiceCollection services, OptionsNames names)
        where TOptions : ZmqSocketOptions =>
        ZmqOptionsRegistration.Add<TOptions>(services, names.Name, names.Path, names.Source, names.Configuration);

    /// <summary>Registers the generated <paramref name="role"/> of <typeparamref name="TContract"/> as a singleton of its generated type.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="role">Which generated type: <c>producer</c> or <c>collector</c>.</param>
    /// <param name="names">The name of its options, and how messages name them.</param>
    /// <param name="configure">Binds or configures its options.</param>
    private static IServiceCollection AddGenerated<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        IServiceCollection services, string role, OptionsNames names, Action<OptionsBuilder<TOptions>> configure)
        where TContract : class
        where TOptions : ZmqSocketOptions
    {
        var factory = ContractFactories.Find<EndpointFactory<TOptions>>(typeof(TContract), role);
        configure(EndpointOptions<TOptions>(services, names));
        return AddEndpoint<TOptions>(services, factory.EndpointType, names.Name, $"{char.ToUpperInvariant(role[0])}{role[1..]}.{typeof(TContract).Name}", factory.Create);
    }

    private static IServiceCollection AddPublisher(IServiceCollection services, string optionsName) =>
        AddEndpoint<ZmqPublisherOptions>(services, typeof(ZmqPublisher), optionsName, "Publisher", static (endpoint, options) => new ZmqPublisher(endpoint, options));

    private static IServiceCollection AddSubscriber(IServiceCollection services, string optionsName) =>
        AddEndpoint<ZmqSubscriberOptions>(services, typeof(ZmqSubscriber), optionsName, "Subscriber", static (endpoint, options) => new ZmqSubscriber(endpoint, options));

    /// <summary>
    /// Registers the endpoint <paramref name="create"/> makes from its options' endpoint and options, as a singleton
    /// <paramref name="type"/> (see <see cref="AddNamedSingleton"/>), logging under <c>ZmqContracts.</c><paramref name="logCategory"/>
    /// unless its options set a logger.
    /// </summary>
    private static IServiceCollection AddEndpoint<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services, Type type, string optionsName, string logCategory, Func<string, TOptions, object> create)
        where TOptions : ZmqSocketOptions
    {
        AddNamedSingleton(services, type, optionsName, provider =>
        {
            var options = ZmqOptionsRegistration.Get<TOptions>(provider, optionsName, logCategory);
            return create(options.HostedEndpoint.Value!, options);
        });
        return services;
    }

    /// <summary>
    /// A registration's options name; how validation messages name the options: a section's path (empty for the root),
    /// or the name; and, for options bound from configuration, where from and the configuration.
    /// </summary>
    private readonly record struct OptionsNames(string Name, string Path, ZmqOptionsSource? Source, IConfiguration? Configuration);

    private static IServiceCollection AddSubscription<TMessage, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(IServiceCollection services, string optionsName)
        where TMessage : ITopicMessage<TMessage>
        where THandler : class, IZmqMessageHandler<TMessage>
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton<IHostedService>(provider => new HostedSubscription<TMessage, THandler>(optionsName, provider));
        return services;
    }
}
