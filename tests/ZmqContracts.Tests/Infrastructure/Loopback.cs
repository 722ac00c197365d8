namespace ZmqContracts.Tests;

/// <summary>Where every test binds: a free loopback port, so that tests never collide.</summary>
internal static class Loopback
{
    public const string AnyPort = "tcp://127.0.0.1:*";

    /// <summary>
    /// An endpoint whose port was free a moment ago, for a test that must know the endpoint before anything binds it
    /// (a client made before its server). The probe closes before this returns, so the port can be bound at once.
    /// </summary>
    public static string FreeEndpoint()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return $"tcp://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}";
        }
        finally
        {
            probe.Stop();
        }
    }
}
