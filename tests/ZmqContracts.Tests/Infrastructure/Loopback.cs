using System;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace ZmqContracts.Tests;

/// <summary>Where every test binds: a free loopback port, so that tests never collide.</summary>
internal static class Loopback
{
    public const string AnyPort = "tcp://127.0.0.1:*";

    /// <summary>The lowest port the system hands out by itself (to binds of port 0 and to outgoing connections).</summary>
    private static readonly int EphemeralPorts = LowestEphemeralPort();

    /// <summary>
    /// An endpoint whose port is free, for a test that must know the endpoint before anything binds it (a client made
    /// before its server, a server bound again where another was). The port lies below the system's ephemeral range, so
    /// no <see cref="AnyPort"/> bind and no outgoing connection of the tests running beside it can take it meanwhile.
    /// </summary>
    public static string FreeEndpoint() => FreeEndpoint(IPAddress.Loopback);

    /// <summary>As <see cref="FreeEndpoint()"/>, on the IPv6 loopback address: <c>tcp://[::1]:port</c>.</summary>
    public static string FreeIPv6Endpoint() => FreeEndpoint(IPAddress.IPv6Loopback);

    /// <summary>
    /// As <see cref="FreeEndpoint()"/>, for <c>ipc://</c>: a name whose loopback TCP port, where NetMQ carries it
    /// (<see cref="IpcListeners"/>), is free and below the ephemeral range; it ends with <paramref name="suffix"/>.
    /// </summary>
    public static string FreeIpcEndpoint(string suffix = "") => FirstFree(() =>
    {
        var endpoint = $"ipc://zmqcontracts-test-{Guid.NewGuid():N}{suffix}";
        return (endpoint, IpcListeners.Of(endpoint));
    });

    private static string FreeEndpoint(IPAddress address) => FirstFree(() =>
    {
        var listener = new IPEndPoint(address, Random.Shared.Next(EphemeralPorts / 2, EphemeralPorts));
        return ($"tcp://{listener}", listener);
    });

    /// <summary>The first endpoint from <paramref name="next"/> whose listener's port is below the ephemeral range and free.</summary>
    private static string FirstFree(Func<(string Endpoint, IPEndPoint Listener)> next)
    {
        const int Tries = 200;
        for (var i = 0; i < Tries; i++)
        {
            var (endpoint, listener) = next();
            if (listener.Port < EphemeralPorts && IsFree(listener))
            {
                return endpoint;
            }
        }

        throw new InvalidOperationException($"No endpoint with a free port below {EphemeralPorts} after {Tries} tries.");
    }

    private static bool IsFree(IPEndPoint listener)
    {
        var probe = new TcpListener(listener);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }

    private static int LowestEphemeralPort()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(Range) && int.TryParse(File.ReadAllText(Range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var lowest)
            ? lowest
            : 49152;
    }
}
