using System;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ZmqContracts;

/// <summary>
/// Asks the runtime's socket engine to run one socket's completions on its own event thread, as the process-wide
/// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> does for every socket: the internal setter of
/// <c>Socket.PreferInlineCompletions</c>, which .NET's Unix socket engine honours per socket.
/// </summary>
internal static class InlineCompletions
{
    private static volatile bool s_unavailable;

    /// <summary>
    /// Has <paramref name="socket"/>'s completions run on the engine's event thread where the runtime allows it; where
    /// it does not (another operating system, another runtime version), leaves them on the thread pool.
    /// </summary>
    public static void Prefer(Socket socket)
    {
        if (s_unavailable)
        {
            return;
        }

        try
        {
            SetPreferInlineCompletions(socket, true);
        }
        catch (MissingMethodException)
        {
            s_unavailable = true;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_PreferInlineCompletions")]
    private static extern void SetPreferInlineCompletions(Socket socket, bool value);
}
