using System;
using System.Numerics;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace ZmqContracts;

/// <summary>
/// The resolver of <see cref="ZmqSerializers.MessagePack"/>: the generated formatters first, then decimals read as any
/// peer writes them (<see cref="PeerDecimalFormatter"/>), date-times with offsets also read from a bare timestamp
/// (<see cref="PeerDateTimeOffsetFormatter"/>), big integers written whatever room the buffer gives
/// (<see cref="SizedBigIntegerFormatter"/>), and strings read refusing invalid UTF-8
/// (<see cref="StrictStringFormatter"/>; a <c>string[]</c> too, whose built-in formatter reads its strings itself),
/// MessagePack's built-in formatters for primitives and the like, and only then the contractless resolver, which writes
/// the same maps but generates code at run time (so it fails under native AOT) for types the generator did not see.
/// </summary>
internal sealed class ZmqFormatterResolver : IFormatterResolver
{
    public static readonly ZmqFormatterResolver Instance = new();

    private ZmqFormatterResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = Runtime.MessagePackFormatters.Find<T>()
            ?? SdkFormatter()
            ?? BuiltinResolver.Instance.GetFormatter<T>()
            ?? ContractlessStandardResolver.Instance.GetFormatter<T>();

        private static IMessagePackFormatter<T>? SdkFormatter() =>
            typeof(T) == typeof(decimal) ? (IMessagePackFormatter<T>)(object)PeerDecimalFormatter.Instance
            : typeof(T) == typeof(decimal?) ? (IMessagePackFormatter<T>)(object)new StaticNullableFormatter<decimal>(PeerDecimalFormatter.Instance)
            : typeof(T) == typeof(DateTimeOffset) ? (IMessagePackFormatter<T>)(object)PeerDateTimeOffsetFormatter.Instance
            : typeof(T) == typeof(DateTimeOffset?) ? (IMessagePackFormatter<T>)(object)new StaticNullableFormatter<DateTimeOffset>(PeerDateTimeOffsetFormatter.Instance)
            : typeof(T) == typeof(BigInteger) ? (IMessagePackFormatter<T>)(object)SizedBigIntegerFormatter.Instance
            : typeof(T) == typeof(BigInteger?) ? (IMessagePackFormatter<T>)(object)new StaticNullableFormatter<BigInteger>(SizedBigIntegerFormatter.Instance)
            : typeof(T) == typeof(string) ? (IMessagePackFormatter<T>)(object)StrictStringFormatter.Instance
            : typeof(T) == typeof(string[]) ? (IMessagePackFormatter<T>)(object)new ArrayFormatter<string?>()
            : null;
    }
}
