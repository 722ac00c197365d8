using System;
using System.Diagnostics;
using System.Globalization;

namespace ZmqContracts;

/// <summary>
/// The <c>server.address</c> and <c>server.port</c> of a ZeroMQ endpoint, read once per endpoint: the host and port of
/// <c>tcp://host:port</c> (an IPv6 host without its brackets), or the address of an <c>ipc://</c> or <c>inproc://</c>
/// endpoint, which has no port.
/// </summary>
internal sealed class ServerAddress
{
    private ServerAddress(string address, object? port)
    {
        Address = address;
        Port = port;
    }

    public string Address { get; }

    /// <summary>The port, boxed once so that tagging a span with it allocates nothing; <see langword="null"/> when the transport has none.</summary>
    public object? Port { get; }

    public static ServerAddress Of(string endpoint)
    {
        var scheme = endpoint.IndexOf("://", StringComparison.Ordinal);
        var address = scheme < 0 ? endpoint : endpoint[(scheme + 3)..];
        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal))
        {
            return new(address, null);
        }

        var colon = address.LastIndexOf(':');
        var port = colon > 0 && int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? (object)number : null;
        var host = colon > 0 ? address[..colon] : address;
        return new(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, port);
    }

    /// <summary>Sets <c>server.address</c>, and <c>server.port</c> when there is one, on <paramref name="activity"/>.</summary>
    public void Tag(Activity activity)
    {
        activity.SetTag(SemanticConventions.ServerAddress, Address);
        if (Port is not null)
        {
            activity.SetTag(SemanticConventions.ServerPort, Port);
        }
    }
}
