using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;

namespace ZmqContracts;

/// <summary>The serializers that ship with ZmqContracts. Each is thread-safe and can be shared.</summary>
public static class ZmqSerializers
{
    /// <summary>MessagePack maps keyed by member name, through the generated formatters: the default of every options class.</summary>
    public static IZmqSerializer MessagePack { get; } = new MessagePackZmqSerializer();

    private static IZmqSerializer? s_json;

    /// <summary>JSON, camelCase on the wire and case-insensitive when read: for pyzmq <c>send_json</c> peers. Describes types by reflection.</summary>
    public static IZmqSerializer Json
    {
        [RequiresUnreferencedCode(JsonZmqSerializer.ReflectionWarning)]
        [RequiresDynamicCode(JsonZmqSerializer.ReflectionWarning)]
        get => s_json ?? Interlocked.CompareExchange(ref s_json, new JsonZmqSerializer(), null) ?? s_json;
    }

    /// <summary>Bytes and UTF-8 strings, verbatim: for pyzmq <c>send</c> and <c>send_string</c> peers.</summary>
    public static IZmqSerializer Raw { get; } = new RawZmqSerializer();

    /// <summary>The serializer named <c>msgpack</c>, <c>json</c> or <c>raw</c> (its <see cref="IZmqSerializer.Name"/>), as configuration files and command lines write it.</summary>
    /// <exception cref="ArgumentException">No serializer has that name.</exception>
    [RequiresUnreferencedCode(JsonZmqSerializer.ReflectionWarning)]
    [RequiresDynamicCode(JsonZmqSerializer.ReflectionWarning)]
    public static IZmqSerializer ByName(string name) => name switch
    {
        "msgpack" => MessagePack,
        "json" => Json,
        "raw" => Raw,
        _ => throw new ArgumentException($"There is no serializer named '{name}': use msgpack, json or raw.", nameof(name)),
    };
}
