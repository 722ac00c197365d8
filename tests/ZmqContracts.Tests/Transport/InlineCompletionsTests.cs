using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;

namespace ZmqContracts.Tests.Transport;

/// <summary>
/// With <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> the runtime's socket engine completes every socket's
/// operations on its own event thread, which a handler must never hold. The setting is read once per process, so the
/// test runs in a process of its own (tests/TopologyPeer), with one event thread.
/// </summary>
public class InlineCompletionsTests
{
    [Fact]
    public async Task With_inline_completions_a_handler_never_runs_on_the_socket_engines_event_thread()
    {
        var start = Programs.Dotnet(Programs.TopologyPeer, "inline-completions");
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT"] = "1";
        using var peer = new PythonPeer(Process.Start(start)!, "TopologyPeer inline-completions");

        Assert.Equal(
            ["on the socket thread: the event thread went on", "default: the event thread went on"],
            await peer.ExitedAsync());
    }
}
