namespace ZmqContracts;

/// <summary>The serializers that ship with ZmqContracts.</summary>
public static class ZmqSerializers
{
    /// <summary>MessagePack, contractless: the default of every options class.</summary>
    public static IZmqSerializer MessagePack { get; } = new MessagePackZmqSerializer();
}
