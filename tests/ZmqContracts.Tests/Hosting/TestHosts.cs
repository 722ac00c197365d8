using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ZmqContracts.Tests.Hosting;

/// <summary>Real generic hosts, empty but for what a test adds, with configuration from memory.</summary>
internal static class TestHosts
{
    public static HostApplicationBuilder Builder(IEnumerable<KeyValuePair<string, string?>>? configuration = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration ?? []);
        builder.Services.AddLogging();
        return builder;
    }

    /// <summary>
    /// A host serving <see cref="IAdder"/> on <paramref name="endpoint"/> (<paramref name="viaBroker"/>: as a worker of the
    /// broker there), with its ledger and its scoped dependency.
    /// </summary>
    public static HostApplicationBuilder AdderServer(string endpoint, bool viaBroker = false)
    {
        var builder = Builder();
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(options =>
        {
            options.Endpoint = endpoint;
            options.ViaBroker = viaBroker;
        }).AddContract<IAdder, Adder>();
        return builder;
    }

    /// <summary>Starts an <see cref="AdderServer"/> host on <paramref name="endpoint"/> and makes a call that waits in its handler for the ledger's gate.</summary>
    public static async Task<AdderCallInFlight> AdderCallInFlightAsync(string endpoint)
    {
        var host = AdderServer(endpoint).Build();
        await host.StartAsync().Bound();
        var ledger = host.Services.GetRequiredService<CallLedger>();
        var client = new AdderClient(endpoint);
        var call = client.Report(waitForGate: true, default);
        await ledger.Entered.Task.Bound();
        return new AdderCallInFlight(host, ledger, client, call);
    }
}

/// <summary>A started host with a call waiting in its handler; disposing it disposes the client and the host.</summary>
internal sealed record AdderCallInFlight(IHost Host, CallLedger Ledger, AdderClient Client, Task<CallReport> Call) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        Host.Dispose();
    }
}
