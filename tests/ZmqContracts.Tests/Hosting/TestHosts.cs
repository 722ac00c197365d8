using System.Collections.Generic;
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

    /// <summary>A host serving <see cref="IAdder"/> on <paramref name="endpoint"/>, with its ledger and its scoped dependency.</summary>
    public static HostApplicationBuilder AdderServer(string endpoint)
    {
        var builder = Builder();
        builder.Services.AddSingleton<CallLedger>().AddScoped<CallScope>();
        builder.Services.AddZmqServer(options => options.Endpoint = endpoint).AddContract<IAdder, Adder>();
        return builder;
    }
}
