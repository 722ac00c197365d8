using System;
using System.ComponentModel;
using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts.Runtime;

/// <summary>
/// The MessagePack formatters the generator writes at build time, one resolver per assembly with contracts. Each
/// assembly's generated module initializer registers its resolver here, before any of its code runs, so that
/// <see cref="ZmqSerializers.MessagePack"/> reads and writes contract types without generating code at run time.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MessagePackFormatters
{
    private static readonly object s_gate = new();
    private static volatile IFormatterResolver[] s_resolvers = [];

    /// <summary>Adds an assembly's generated resolver. Called by generated code.</summary>
    public static void Register(IFormatterResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        lock (s_gate)
        {
            s_resolvers = [.. s_resolvers, resolver];
        }
    }

    /// <summary>
    /// The error for a member of <paramref name="type"/> whose value could not be read, naming the member; why is the
    /// exception inside (an overflow, the end of the data, an unexpected MessagePack code). Called by generated code.
    /// </summary>
    /// <param name="type">The type being read, as a message names it.</param>
    /// <param name="member">The member's key, as the map has it.</param>
    /// <param name="exception">What reading the member's value threw.</param>
    public static MessagePackSerializationException MemberUnreadable(string type, ReadOnlySpan<byte> member, Exception exception) =>
        new($"{type}: the member {FrameExtensions.Printable(member)} could not be read.", exception);

    /// <summary>The generated formatter for <typeparamref name="T"/>, or <see langword="null"/> if no registered assembly has one.</summary>
    internal static IMessagePackFormatter<T>? Find<T>()
    {
        foreach (var resolver in s_resolvers)
        {
            if (resolver.GetFormatter<T>() is { } formatter)
            {
                return formatter;
            }
        }

        return null;
    }
}
