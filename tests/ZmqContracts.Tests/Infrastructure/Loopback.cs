namespace ZmqContracts.Tests;

/// <summary>Where every test binds: a free loopback port, so that tests never collide.</summary>
internal static class Loopback
{
    public const string AnyPort = "tcp://127.0.0.1:*";
}
