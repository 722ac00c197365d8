using System;
using Microsoft.Extensions.DependencyInjection;

namespace ZmqContracts.Hosting;

/// <summary>
/// Resolves the keyed services this package registers: a server by its registration, and clients, producers, collectors,
/// publishers and subscribers by their options' name. A container without keyed services (one that is not an
/// <see cref="IKeyedServiceProvider"/>) cannot, and gets an error that says what it needs, not only that it has none.
/// </summary>
internal static class KeyedServices
{
    /// <summary>The <paramref name="type"/> registered under <paramref name="key"/>, which <paramref name="what"/> names for the error.</summary>
    /// <exception cref="InvalidOperationException">The container has no keyed services.</exception>
    public static object Get(IServiceProvider provider, Type type, object key, string what) =>
        provider is IKeyedServiceProvider keyed
            ? keyed.GetRequiredKeyedService(type, key)
            : throw new InvalidOperationException(
                $"ZmqContracts.Hosting resolves the {what} as a keyed service, and the dependency-injection container in use " +
                $"({provider.GetType().FullName}) has no keyed services (IKeyedServiceProvider): use the host's own container " +
                "(Microsoft.Extensions.DependencyInjection 8 or later) or a container that supports keyed services (docs/hosting.md).");

    /// <inheritdoc cref="Get(IServiceProvider, Type, object, string)"/>
    public static T Get<T>(IServiceProvider provider, object key, string what)
        where T : notnull => (T)Get(provider, typeof(T), key, what);
}
