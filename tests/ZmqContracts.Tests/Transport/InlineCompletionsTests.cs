using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Tests.Interop;

namespace ZmqContracts.Tests.Transport;

/// <summary>
/// A client's and a server's reads run on the runtime's socket engine's own event thread, which a handler and a caller
/// resumed by its reply must never hold: by default, and with <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>,
/// where the engine completes every socket's operations there. Both settings are read once per process, so the test runs
/// in a process of its own (tests/TopologyPeer), with one event thread.
/// </summary>
public class InlineCompletionsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Neither_a_handler_nor_a_caller_resumed_by_its_reply_runs_on_the_socket_engines_event_thread(bool inlineCompletions)
    {
        var start = Programs.Dotnet(Programs.TopologyPeer, "inline-completions");
        if (inlineCompletions)
        {
            start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        }

        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT"] = "1";
        using var peer = new PythonPeer(Process.Start(start)!, "TopologyPeer inline-completions");

        Assert.Equal(
            [
                "on the socket thread: the event thread went on",
                "its caller: the event thread went on",
                "default: the event thread went on",
                "its caller: the event thread went on",
            ],
            await peer.ExitedAsync());
    }
}
