using System;
using System.ComponentModel;
using System.Text;
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
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
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
    /// exception inside (an overflow, the end of the data, an unexpected MessagePack code, nil for a member the contract
    /// declares not nullable). When that is already the error of a member of the member's value, the error names the path
    /// to it instead (<c>Node: the member Next.Next.V could not be read.</c>), cut to
    /// <see cref="MemberException.MaxPathLength"/> characters, with the error inside that one: a value nested 500 deep
    /// makes one short error, not 500 nested ones. Called by generated code.
    /// </summary>
    /// <param name="type">The type being read, as a message names it.</param>
    /// <param name="member">The member's key, as the map has it.</param>
    /// <param name="exception">What reading the member's value threw.</param>
    public static MessagePackSerializationException MemberUnreadable(string type, ReadOnlySpan<byte> member, Exception exception) =>
        MemberException.Of(type, FrameExtensions.Printable(member), "read", exception);

    /// <summary>
    /// The error for a member of <paramref name="type"/> whose value could not be written (a string with a lone
    /// surrogate, say), naming the member, or the path to it, as <see cref="MemberUnreadable"/> does for reading. Called by
    /// generated code.
    /// </summary>
    /// <param name="type">The type being written, as a message names it.</param>
    /// <param name="member">The member's key as it is written: MessagePack's string header, then its UTF-8 bytes.</param>
    /// <param name="exception">What writing the member's value threw.</param>
    public static MessagePackSerializationException MemberUnwritable(string type, ReadOnlySpan<byte> member, Exception exception)
    {
        var key = new MessagePackReader(member.ToArray()).ReadString();
        return MemberException.Of(type, key!, "written", exception);
    }

    /// <summary>
    /// The error for nil read for a member that the contract declares not nullable (a reference type without <c>?</c>, in
    /// a nullable-enabled context), which would otherwise reach code that the compiler told it cannot be null. Called by
    /// generated code, inside the read of the member, so that the error names it.
    /// </summary>
    public static MessagePackSerializationException NilRefused() =>
        new("The value is nil, and the contract declares the member not nullable.");

    /// <summary>
    /// Reads a string or nil, refusing a string that is not valid UTF-8 as JSON does: MessagePack's own reader would put
    /// U+FFFD in place of the invalid bytes, so a handler would get text the peer never sent. Called by generated code,
    /// and by the SDK's string formatter for strings anywhere else (arguments, results, elements of collections).
    /// </summary>
    /// <param name="reader">The reader, at a string or nil.</param>
    /// <returns>The string, or <see langword="null"/> for nil.</returns>
    /// <exception cref="MessagePackSerializationException">The string is not valid UTF-8, or the value is not a string or nil.</exception>
    public static string? ReadString(ref MessagePackReader reader)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        try
        {
            return reader.TryReadStringSpan(out var contiguous)
                ? s_strictUtf8.GetString(contiguous)
                : s_strictUtf8.GetString(reader.ReadStringSequence()!.Value);
        }
        catch (DecoderFallbackException exception)
        {
            throw new MessagePackSerializationException(
                $"The string is invalid UTF-8: its bytes {Convert.ToHexString(exception.BytesUnknown ?? [])} at index {exception.Index} are no character.", exception);
        }
    }

    /// <summary>
    /// Writes a string or nil, refusing a string with a lone UTF-16 surrogate: MessagePack's strings are UTF-8, which
    /// has no form for it, and MessagePack's own writer would put U+FFFD in its place, so that the peer would read another
    /// text than the one given. Called by generated code, and by the SDK's string formatter for strings anywhere else.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The string, or <see langword="null"/> for nil.</param>
    /// <exception cref="MessagePackSerializationException">The string holds a lone surrogate.</exception>
    public static void WriteString(ref MessagePackWriter writer, string? value)
    {
        if (LoneSurrogate.IndexIn(value) is var at and >= 0)
        {
            throw new MessagePackSerializationException(
                $"The string holds {LoneSurrogate.Describe(value, at)}: MessagePack's strings are UTF-8, which has no form for it and would carry U+FFFD instead, another text.");
        }

        writer.Write(value);
    }

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

/// <summary>
/// A member of a type that could not be read or written, <see cref="Depth"/> members down <see cref="Path"/>; its inner
/// exception is why, from the innermost member. A path longer than <see cref="MaxPathLength"/> is cut, and the message
/// then says how deep the member is: once cut, a path stays cut, since each level out makes it longer.
/// </summary>
internal sealed class MemberException(string type, string path, int depth, string failed, Exception exception)
    : MessagePackSerializationException(
        path.Length > MaxPathLength
            ? $"{type}: the member {path[..MaxPathLength]}… ({depth} members deep) could not be {failed}."
            : $"{type}: the member {path} could not be {failed}.",
        exception)
{
    /// <summary>The most characters of a path a message names: the outermost members, which tell where in the type.</summary>
    public const int MaxPathLength = 200;

    /// <summary>The members from the type's down to the one that could not be read or written, dot-separated; at most <see cref="MaxPathLength"/> characters.</summary>
    public string Path { get; } = path.Length > MaxPathLength ? path[..MaxPathLength] : path;

    /// <summary>How many members down the member that could not be read or written is.</summary>
    public int Depth { get; } = depth;

    /// <summary>
    /// The error for <paramref name="member"/> of <paramref name="type"/>, which could not be <paramref name="failed"/>
    /// (read, written) for <paramref name="exception"/>: when that is already the error of a member of the member's value,
    /// one error that names the path to it, with the error inside that one.
    /// </summary>
    public static MemberException Of(string type, string member, string failed, Exception exception) =>
        exception is MemberException nested
            ? new MemberException(type, $"{member}.{nested.Path}", nested.Depth + 1, failed, nested.InnerException!)
            : new MemberException(type, member, 1, failed, exception);
}
