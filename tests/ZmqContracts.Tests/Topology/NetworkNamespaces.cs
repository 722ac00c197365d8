using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Xunit;

namespace ZmqContracts.Tests.Topology;

/// <summary>
/// Hosts made of Linux network namespaces (<c>ip netns</c>, root only): each host a namespace of its own with a veth pair
/// whose other end is on a bridge in a switch namespace, so that the test never touches the machine's own network.
/// Disposing deletes every namespace it made, and with them their links.
/// </summary>
internal sealed class NetworkNamespaces : IDisposable
{
    private const string Subnet = "10.77.0";

    /// <summary>Why namespaces cannot be made here, or <see langword="null"/> when they can.</summary>
    public static readonly string? Missing = Probe();

    private readonly string _prefix = $"zq{Random.Shared.Next(0x10000):x4}";
    private readonly List<string> _made = [];
    private readonly Dictionary<string, int> _hosts = [];

    public NetworkNamespaces()
    {
        Assert.True(Missing is null, Missing);
        Ip("netns", "add", Switch);
        _made.Add(Switch);
        Ip("-n", Switch, "link", "add", "br0", "type", "bridge");
        Ip("-n", Switch, "link", "set", "br0", "up");
    }

    public static bool MustRun => Environment.GetEnvironmentVariable("CI") == "true";

    private string Switch => $"{_prefix}sw";

    /// <summary>Makes host <paramref name="name"/> and returns its address on the shared subnet.</summary>
    public string AddHost(string name)
    {
        var number = _hosts.Count + 1;
        var host = Namespace(name);
        Ip("netns", "add", host);
        _made.Add(host);
        _hosts[name] = number;

        // NetMQ signals between its own threads over TCP loopback: lo must be up in every host.
        Ip("-n", host, "link", "set", "lo", "up");
        Ip("link", "add", "eth0", "netns", host, "type", "veth", "peer", "name", Port(name), "netns", Switch);
        Ip("-n", host, "addr", "add", $"{Subnet}.{number}/24", "dev", "eth0");
        Ip("-n", host, "link", "set", "eth0", "up");
        Ip("-n", Switch, "link", "set", Port(name), "master", "br0");
        Ip("-n", Switch, "link", "set", Port(name), "up");
        return $"{Subnet}.{number}";
    }

    /// <summary>Takes host <paramref name="name"/>'s link down, as a pulled cable: nothing closes, packets stop.</summary>
    public void CutLink(string name) => Ip("-n", Switch, "link", "set", Port(name), "down");

    /// <summary><paramref name="start"/>, run inside host <paramref name="name"/>.</summary>
    public ProcessStartInfo InHost(string name, ProcessStartInfo start)
    {
        var inHost = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", Namespace(name), start.FileName }.Concat(start.ArgumentList))
        {
            inHost.ArgumentList.Add(argument);
        }

        return inHost;
    }

    public void Dispose()
    {
        foreach (var made in Enumerable.Reverse(_made))
        {
            TryIp("netns", "del", made);
        }
    }

    private string Namespace(string name) => $"{_prefix}{name}";

    private string Port(string name) => $"{_prefix}{name}p";

    private static void Ip(params string[] arguments)
    {
        var (exitCode, error) = TryIp(arguments);
        Assert.True(exitCode == 0, $"ip {string.Join(' ', arguments)} failed ({exitCode}): {error}");
    }

    private static (int ExitCode, string Error) TryIp(params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var ip = Process.Start(start)!;
            var error = ip.StandardError.ReadToEnd();
            ip.StandardOutput.ReadToEnd();
            return ip.WaitForExit(Within.Timeout) ? (ip.ExitCode, error) : (-1, "ip did not finish in time");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, exception.Message);
        }
    }

    private static string? Probe()
    {
        var probe = $"zqprobe{Environment.ProcessId}";
        var (exitCode, error) = TryIp("netns", "add", probe);
        if (exitCode != 0)
        {
            return $"Network namespaces cannot be made here (ip netns add: {error.Trim()}): the topology test needs root and iproute2, as in CI.";
        }

        TryIp("netns", "del", probe);
        return null;
    }
}

/// <summary>
/// A test that needs network namespaces. Where they cannot be made it is skipped saying why, except under
/// <c>CI=true</c>, where it runs and fails saying why.
/// </summary>
internal sealed class NamespacesFactAttribute : FactAttribute
{
    public NamespacesFactAttribute()
    {
        if (NetworkNamespaces.Missing is { } missing && !NetworkNamespaces.MustRun)
        {
            Skip = missing;
        }
    }
}
