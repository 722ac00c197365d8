using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using ZmqContracts.Runtime;

namespace ZmqContracts.Hosting;

/// <summary>
/// A contract's implementation resolved for each call or item in a dependency-injection scope of its own, disposed when
/// the call ends, as grpc-dotnet does for its services: the implementation may take scoped dependencies (a
/// <c>DbContext</c>). What that costs per call is measured in benchmarks/FINDINGS.md.
/// </summary>
internal sealed class ScopedImplementation<TContract, TImplementation>(IServiceProvider services) : ContractImplementation<TContract>
    where TImplementation : class, TContract
{
    public override async ValueTask InvokeAsync<TInput>(Func<TContract, TInput, CancellationToken, ValueTask> operation, TInput input, CancellationToken cancellationToken)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await operation(scope.ServiceProvider.GetRequiredService<TImplementation>(), input, cancellationToken).ConfigureAwait(false);
        }
    }
}
