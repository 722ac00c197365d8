using System;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ZmqContracts.Tests.Hosting;

/// <summary>A host whose container has no keyed services is told what the package needs.</summary>
public sealed class KeylessContainerTests
{
    [Fact]
    public async Task A_container_without_keyed_services_fails_the_start_and_the_resolutions_naming_what_the_package_needs()
    {
        var builder = TestHosts.Builder();
        builder.ConfigureContainer(new KeylessContainer());
        builder.Services.AddZmqServer(options => options.Endpoint = Loopback.AnyPort).AddContract<IWelcomer, Welcomer>();
        builder.Services.AddZmqClient<IWelcomer>(options => options.Endpoint = "tcp://127.0.0.1:5555");
        using var host = builder.Build();

        var start = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync().Bound());
        var client = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IWelcomer>());

        Assert.Equal(
            "ZmqContracts.Hosting resolves the server of options 'ZmqServer' as a keyed service, and the dependency-injection container " +
            $"in use ({typeof(KeylessProvider).FullName}) has no keyed services (IKeyedServiceProvider): use the host's own container " +
            "(Microsoft.Extensions.DependencyInjection 8 or later) or a container that supports keyed services (docs/hosting.md).",
            start.Message);
        Assert.StartsWith("ZmqContracts.Hosting resolves the IWelcomer of options 'IWelcomer client' as a keyed service,", client.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// A container without keyed services, as an older or a third-party one may be: the factories of its registrations get
/// it, an <see cref="IServiceProvider"/> and no <see cref="IKeyedServiceProvider"/>, and it resolves nothing by key.
/// </summary>
internal sealed class KeylessContainer : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder)
    {
        var keyless = new KeylessProvider();
        IServiceCollection registrations = new ServiceCollection();
        foreach (var registration in containerBuilder)
        {
            registrations.Add(!registration.IsKeyedService && registration.ImplementationFactory is { } factory
                ? new ServiceDescriptor(registration.ServiceType, _ => factory(keyless), registration.Lifetime)
                : registration);
        }

        keyless.Inner = registrations.BuildServiceProvider();
        return keyless;
    }
}

/// <summary>The provider of a <see cref="KeylessContainer"/>.</summary>
internal sealed class KeylessProvider : IServiceProvider, IAsyncDisposable, IDisposable
{
    public ServiceProvider Inner { get; set; } = null!;

    public object? GetService(Type serviceType) => serviceType == typeof(IServiceProvider) ? this : Inner.GetService(serviceType);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();

    public void Dispose() => Inner.Dispose();
}
