namespace ZmqContracts;

/// <summary>
/// The wire format a contract states once, through its attribute (<c>[Reply(Format = ZmqFormat.Json)]</c>). An
/// endpoint's options can still choose another serializer; both sides of a connection must agree.
/// </summary>
public enum ZmqFormat
{
    /// <summary>MessagePack maps keyed by member name (<see cref="ZmqSerializers.MessagePack"/>), through formatters generated at build time. The default.</summary>
    MessagePack,

    /// <summary>JSON, camelCase (<see cref="ZmqSerializers.Json"/>): for pyzmq <c>send_json</c> peers.</summary>
    Json,

    /// <summary>Bytes and UTF-8 strings verbatim (<see cref="ZmqSerializers.Raw"/>): for pyzmq <c>send</c>/<c>send_string</c> peers.</summary>
    Raw,
}
