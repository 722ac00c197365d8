using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace ZmqContracts.Tests;

/// <summary>The programs of this repository that tests run as processes of their own (built before the tests).</summary>
internal static class Programs
{
    /// <summary>src/Broker, zmqc-broker.</summary>
    public static readonly string Broker = Path("BrokerProgram");

    /// <summary>tests/TopologyPeer: a typed MDP worker or client.</summary>
    public static readonly string TopologyPeer = Path("TopologyPeer");

    /// <summary>Runs <paramref name="program"/> with <c>dotnet</c>, its output read by the caller.</summary>
    public static ProcessStartInfo Dotnet(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string Path(string key) => typeof(Programs).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == key).Value!;
}
