namespace ZmqContracts.Tests;

/// <summary>Where every test binds: a free loopback port, so that tests never collide.</summary>
internal static class Loopback
{
    public const string AnyPort = "tcp://127.0.0.1:*";

    /// <summary>
    /// An endpoint whose port was free a moment ago, for a test that must know the endpoint before anything binds it
    /// (a client made before its server). Bind it with a retry: the probe's listener closes in the background.
    /// </summary>
    public static string FreeEndpoint()
    {
        using var probe = new NetMQ.Sockets.RouterSocket();
        return $"tcp://127.0.0.1:{probe.BindRandomPort("tcp://127.0.0.1")}";
    }
}
