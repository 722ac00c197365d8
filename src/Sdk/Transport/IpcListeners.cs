using System;
using System.Net;

namespace ZmqContracts;

/// <summary>
/// Where NetMQ carries an <c>ipc://</c> endpoint. NetMQ 4.0.4.5 has no Unix domain sockets: it listens on (and connects
/// to) a loopback TCP port that it derives from the name, 10000 plus the magnitude of the name's hash modulo 55536,
/// the hash being .NET Framework's string hash, which NetMQ keeps as its <c>Strings.GetStableHashCode</c> so that every
/// process agrees on it. No file is made, a native ZeroMQ peer (libzmq, pyzmq) never reaches it, and two names, or a
/// name and another program's port, can meet at one port.
/// </summary>
internal static class IpcListeners
{
    private const string Scheme = "ipc://";
    private const int LowestPort = 10000;
    private const int Ports = 55536;

    /// <summary>Whether <paramref name="endpoint"/> is an <c>ipc://</c> one.</summary>
    public static bool IsIpc(string endpoint) => endpoint.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>The loopback TCP address NetMQ binds for the <c>ipc://</c> <paramref name="endpoint"/>.</summary>
    public static IPEndPoint Of(string endpoint)
    {
        var hash = StableHash(endpoint.AsSpan(Scheme.Length));
        return new IPEndPoint(IPAddress.Loopback, LowestPort + (unchecked(hash < 0 ? -hash : hash) % Ports));
    }

    /// <summary>.NET Framework's string hash: two interleaved djb2 hashes (of the even and the odd characters), combined.</summary>
    private static int StableHash(ReadOnlySpan<char> name)
    {
        unchecked
        {
            var even = 5381;
            var odd = even;
            for (var i = 0; i < name.Length; i++)
            {
                if (i % 2 == 0)
                {
                    even = ((even << 5) + even) ^ name[i];
                }
                else
                {
                    odd = ((odd << 5) + odd) ^ name[i];
                }
            }

            return even + (odd * 1566083941);
        }
    }
}
