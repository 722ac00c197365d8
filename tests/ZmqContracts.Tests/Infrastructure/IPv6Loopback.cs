using System;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ZmqContracts.Tests;

/// <summary>
/// Whether this machine has the IPv6 loopback address, ::1. Where it has not, the IPv6 tests are skipped saying so,
/// except under <c>CI=true</c>, where they run and fail.
/// </summary>
internal static class IPv6Loopback
{
    public const string AnyPort = "tcp://[::1]:*";

    /// <summary>Why ::1 cannot be bound here, or <see langword="null"/> when it can.</summary>
    public static readonly string? Missing = Probe();

    public static bool MustRun => Environment.GetEnvironmentVariable("CI") == "true";

    private static string? Probe()
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return null;
        }
        catch (SocketException exception)
        {
            return $"This machine cannot bind the IPv6 loopback address ::1 ({exception.Message}): the IPv6 tests need it, as in CI.";
        }
    }
}

/// <summary>A test that binds ::1: skipped where it cannot be bound, except under <c>CI=true</c>.</summary>
internal sealed class IPv6FactAttribute : FactAttribute
{
    public IPv6FactAttribute()
    {
        if (IPv6Loopback.Missing is { } missing && !IPv6Loopback.MustRun)
        {
            Skip = missing;
        }
    }
}

/// <summary>A theory that binds ::1: skipped where it cannot be bound, except under <c>CI=true</c>.</summary>
internal sealed class IPv6TheoryAttribute : TheoryAttribute
{
    public IPv6TheoryAttribute()
    {
        if (IPv6Loopback.Missing is { } missing && !IPv6Loopback.MustRun)
        {
            Skip = missing;
        }
    }
}
