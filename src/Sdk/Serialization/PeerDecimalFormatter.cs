using System;
using System.Globalization;
using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts;

/// <summary>
/// A <see cref="decimal"/> as MessagePack-CSharp writes it — its text, so that nothing is lost between .NET peers — read
/// also as a peer without decimals writes it: Python's msgpack, for one, sends a price as a float or an integer.
/// </summary>
internal sealed class PeerDecimalFormatter() : PeerFormatter<decimal>(DecimalFormatter.Instance)
{
    public static readonly PeerDecimalFormatter Instance = new();

    public override decimal Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.NextMessagePackType switch
    {
        MessagePackType.Integer => reader.NextCode == MessagePackCode.UInt64 ? reader.ReadUInt64() : reader.ReadInt64(),
        MessagePackType.Float => FromFloat(reader.ReadDouble()),
        _ => DeserializeWritten(ref reader, options),
    };

    private static decimal FromFloat(double value) =>
        double.IsFinite(value) && Math.Abs(value) < (double)decimal.MaxValue
            ? (decimal)value
            : throw new MessagePackSerializationException(string.Create(CultureInfo.InvariantCulture, $"The float {value:R} has no decimal value."));
}
