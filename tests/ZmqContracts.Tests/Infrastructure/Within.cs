using System;
using System.Threading.Tasks;

namespace ZmqContracts.Tests;

/// <summary>The one bound every wait in these tests has: long enough for a loaded 2-core machine, short enough to fail a hang.</summary>
internal static class Within
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task Bound(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> Bound<T>(this Task<T> task) => task.WaitAsync(Timeout);

    public static Task<T> Bound<T>(this ValueTask<T> task) => task.AsTask().WaitAsync(Timeout);

    public static Task Bound(this ValueTask task) => task.AsTask().WaitAsync(Timeout);
}
