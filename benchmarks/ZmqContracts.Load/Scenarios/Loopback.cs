namespace ZmqContracts.Load;

internal static class Loopback
{
    /// <summary>TCP loopback on a port the system picks, so runs never collide with each other or with tests.</summary>
    public const string AnyPort = "tcp://127.0.0.1:*";
}
