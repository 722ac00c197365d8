using System.Threading.Tasks;
using ZmqContracts.Runtime;

namespace ZmqContracts.Tests;

internal static class ConnectedExtensions
{
    /// <summary>
    /// Completes once <paramref name="client"/> is connected: at once if it is already, otherwise at its next
    /// <see cref="ClientBase.ConnectionChanged"/> that says so. Call it before whatever makes the connection.
    /// </summary>
    public static Task Connected(this ClientBase client)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionChanged += (_, change) =>
        {
            if (change.IsConnected)
            {
                connected.TrySetResult();
            }
        };
        if (client.IsConnected)
        {
            connected.TrySetResult();
        }

        return connected.Task;
    }
}
