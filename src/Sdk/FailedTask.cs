using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace ZmqContracts;

/// <summary>
/// Tasks that fail as an async method that threw would return them, for methods that are not async, to save a state
/// machine per call, and must still report every failure through the task they return rather than at the call.
/// </summary>
internal static class FailedTask
{
    /// <summary>
    /// A failed task, as an async method that threw <paramref name="exception"/> would return: cancelled by an
    /// <see cref="OperationCanceledException"/> (awaiting it throws that exception, token and all), faulted by any other.
    /// </summary>
    public static Task<TResult> Of<TResult>(Exception exception)
    {
        var failed = AsyncTaskMethodBuilder<TResult>.Create();
        var task = failed.Task;
        failed.SetException(exception);
        return task;
    }

    /// <inheritdoc cref="Of{TResult}(Exception)"/>
    public static ValueTask Of(Exception exception) => new(Of<object?>(exception));
}
