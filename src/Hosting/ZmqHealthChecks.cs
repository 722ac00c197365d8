using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ZmqContracts.Runtime;

namespace ZmqContracts.Hosting;

/// <summary>One health check that a registration offers, added by <c>AddHealthChecks().AddZmqContracts()</c>.</summary>
/// <param name="Name">The check's name, after the contract: <c>ICalculator server</c>, <c>ICalculator client</c>.</param>
/// <param name="Create">Makes the check from the host's services.</param>
internal sealed record ZmqHealthEntry(string Name, Func<IServiceProvider, IHealthCheck> Create);

/// <summary>
/// Adds a health check for every <see cref="ZmqHealthEntry"/> when the health check options are built, so that
/// <c>AddZmqContracts()</c> covers the servers and clients registered before it and after it alike. Two entries of one
/// name (two servers or clients of one contract) get a number after the second one's (<c>ICalculator client 2</c>):
/// the health check service refuses two checks of one name, and with them the host's start.
/// </summary>
internal sealed class ZmqHealthCheckRegistrations(IEnumerable<ZmqHealthEntry> entries) : IConfigureOptions<HealthCheckServiceOptions>
{
    /// <summary>The tag of every ZmqContracts health check, for filtering (<c>MapHealthChecks</c> with a predicate).</summary>
    public const string Tag = "zmq";

    public void Configure(HealthCheckServiceOptions options)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in options.Registrations)
        {
            taken.Add(registration.Name);
        }

        foreach (var entry in entries)
        {
            var name = UniqueNames.Next(entry.Name, taken.Contains);
            taken.Add(name);
            options.Registrations.Add(new HealthCheckRegistration(name, entry.Create, failureStatus: null, tags: [Tag]));
        }
    }
}

/// <summary>
/// A hosted server's health: healthy while it is bound and serving (through a broker: while the broker is there),
/// unhealthy before it starts, once it stops, and while a brokered server has no live link to its broker.
/// </summary>
internal sealed class HostedEndpointHealthCheck(HostedServer endpoint) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(endpoint.State switch
        {
            HostedEndpointState.Running when endpoint.Impairment is { } impairment => HealthCheckResult.Unhealthy($"{endpoint.Description}: {impairment}"),
            HostedEndpointState.Running => HealthCheckResult.Healthy($"{endpoint.Description}: serving"),
            HostedEndpointState.NotStarted => HealthCheckResult.Unhealthy($"{endpoint.Description}: not started"),
            HostedEndpointState.Stopping => HealthCheckResult.Unhealthy($"{endpoint.Description}: stopping"),
            _ => HealthCheckResult.Unhealthy($"{endpoint.Description}: stopped"),
        });
}

/// <summary>
/// A client's health: healthy while it is connected to its server, unhealthy otherwise (ZeroMQ keeps reconnecting). A
/// client through a broker is healthy while it is connected to the broker and the broker says that a worker serves its
/// service (<c>mmi.service</c>), degraded while it is connected but the broker does not say so within
/// <see cref="ServiceLookupTimeout"/>: its calls then wait for a worker, or time out.
/// </summary>
/// <param name="contract">The client's contract, such as <c>ICalculator</c>.</param>
/// <param name="client">The client, whose own endpoint the check names: options reloaded since it was made do not reach it.</param>
internal sealed class ClientHealthCheck(string contract, ClientBase client) : IHealthCheck
{
    private readonly string _description = $"{contract} client of {client.Endpoint}";

    /// <summary>How long a check of a client through a broker waits for the broker's answer to <c>mmi.service</c>.</summary>
    private static readonly TimeSpan ServiceLookupTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!client.IsConnected)
        {
            return HealthCheckResult.Unhealthy($"{_description}: not connected");
        }

        if (client.BrokeredService is not { } service)
        {
            return HealthCheckResult.Healthy($"{_description}: connected");
        }

        try
        {
            return await client.IsServiceServedAsync(ServiceLookupTimeout, cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy($"{_description}: connected to the broker, which has a worker for {service}")
                : HealthCheckResult.Degraded($"{_description}: connected to the broker, which reports no worker for {service} (mmi.service): calls wait for one");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Degraded(
                $"{_description}: connected to the broker, which did not answer mmi.service for {service} within {ServiceLookupTimeout.TotalSeconds:0.###} s");
        }
    }
}
