using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ZmqContracts.Runtime;

/// <summary>
/// Where a server or a worker gets the implementation of its contract for each call or item: always the same object
/// (<see cref="ContractImplementation.Of{TContract}"/>, what the generated constructors use), or, in ZmqContracts.Hosting,
/// one resolved from a dependency-injection scope made for that call. Generated handlers call the implementation only
/// through <see cref="InvokeAsync{TInput}"/>. Used by generated code.
/// </summary>
/// <typeparam name="TContract">The contract.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ContractImplementation<TContract>
{
    /// <summary>Runs <paramref name="operation"/> for one call or item on an implementation, and releases what it took for it.</summary>
    /// <param name="operation">Reads the input, calls the implementation and sets the result; a static lambda, so that nothing is allocated for it.</param>
    /// <param name="input">The request or item.</param>
    /// <param name="cancellationToken">Cancelled when the endpoint gives up on the call.</param>
    public abstract ValueTask InvokeAsync<TInput>(Func<TContract, TInput, CancellationToken, ValueTask> operation, TInput input, CancellationToken cancellationToken);
}

/// <summary>Makes the <see cref="ContractImplementation{TContract}"/> of one object. Used by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ContractImplementation
{
    /// <summary>The same <paramref name="implementation"/> for every call.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="implementation"/> is null.</exception>
    public static ContractImplementation<TContract> Of<TContract>(TContract implementation)
        where TContract : class
    {
        ArgumentNullException.ThrowIfNull(implementation);
        return new Single<TContract>(implementation);
    }

    private sealed class Single<TContract>(TContract implementation) : ContractImplementation<TContract>
    {
        public override ValueTask InvokeAsync<TInput>(Func<TContract, TInput, CancellationToken, ValueTask> operation, TInput input, CancellationToken cancellationToken) =>
            operation(implementation, input, cancellationToken);
    }
}
