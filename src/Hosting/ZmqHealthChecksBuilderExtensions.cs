using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZmqContracts.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health checks of the ZmqContracts endpoints a host registered.</summary>
public static class ZmqHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds one health check per hosted server contract (<c>ICalculator server</c>: healthy while bound and serving) and
    /// per client (<c>ICalculator client</c>: healthy while connected), whether they are registered before this call or
    /// after it. Every check is tagged <c>zmq</c>.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    public static IHealthChecksBuilder AddZmqContracts(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HealthCheckServiceOptions>, ZmqHealthCheckRegistrations>());
        return builder;
    }
}
