using System;
using System.Collections.Generic;
using System.Linq;
using ZmqContracts.Runtime;

namespace ZmqContracts.Hosting;

/// <summary>A request/reply server of one or more contracts on one endpoint, hosted: what <c>AddZmqServer</c> registers.</summary>
/// <param name="optionsName">The name of its <see cref="ZmqServerOptions"/>.</param>
/// <param name="contracts">The contracts <c>AddContract</c> adds, each binding its operations to the services of a host.</param>
/// <param name="services">The host's services.</param>
internal sealed class HostedServer(string optionsName, IReadOnlyList<ServedContract> contracts, IServiceProvider services) : HostedEndpoint
{
    private ZmqServerOptions? _options;

    /// <summary>
    /// Its options as they were when first asked for (by the host's first start at the latest), kept for every start: a
    /// configuration reloaded since reaches neither the server nor its health check.
    /// </summary>
    private ZmqServerOptions Options => _options ??= ZmqOptionsRegistration.Get<ZmqServerOptions>(services, optionsName, "Server." + ServedContract.Names(contracts));

    /// <summary>
    /// How health checks name it, such as <c>ICalculator+IGreeter server on tcp://*:5555</c>: with the endpoint bound (the
    /// port chosen for <c>*</c>) while the server runs or stops, the one configured otherwise.
    /// </summary>
    public string Description => $"{ServedContract.Names(contracts)} server on {(Current as ReplyServer)?.Endpoint ?? Options.Endpoint}";

    /// <summary>
    /// Why the running server cannot serve, though it runs: a brokered server that has heard nothing from its broker over
    /// its current connection, or for longer than its heartbeat liveness. <see langword="null"/> when nothing is known to stop it.
    /// </summary>
    public string? Impairment => Current is ReplyServer { IsBrokerLinkAlive: false }
        ? "no live link to its broker (nothing heard from it since the server connected, or for longer than HeartbeatInterval × HeartbeatLiveness)"
        : null;

    protected override IZmqEndpoint Create()
    {
        if (contracts.Count == 0)
        {
            throw new InvalidOperationException(
                $"The server of options '{optionsName}' serves no contract: add one with AddZmqServer(...).AddContract<TContract, TImplementation>().");
        }

        return new ReplyServer(Options.Endpoint!, Options, contracts.Select(contract => contract.Bind(services)).ToArray());
    }
}

/// <summary>A contract that a hosted server serves.</summary>
/// <param name="Contract">The contract, such as <c>ICalculator</c>.</param>
/// <param name="Bind">Its operations, taking the implementation from a scope of the given services for each call.</param>
internal sealed record ServedContract(Type Contract, Func<IServiceProvider, ReplyService> Bind)
{
    /// <summary>The contract's type name, such as <c>ICalculator</c>, for messages and health checks.</summary>
    public string Name => Contract.Name;

    public static string Names(IEnumerable<ServedContract> contracts) => string.Join("+", contracts.Select(contract => contract.Name));
}
