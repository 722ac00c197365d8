using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace ZmqContracts;

/// <summary>Serializes a value into the bytes of one frame and reads it back, wrapping serializer failures.</summary>
internal static class PayloadFrames
{
    /// <summary>The most characters of why a payload could not be read or written that a message gives.</summary>
    private const int MaxWhyLength = 1_024;

    /// <summary>How MessagePack's assembly's full name begins, as a stack frame names it.</summary>
    private static readonly string MessagePackAssembly = typeof(MessagePackSerializer).Assembly.GetName().Name + ",";

    /// <summary>The thread's buffer, taken while a payload is serialized into it: a serializer that serializes another payload meanwhile gets its own.</summary>
    [ThreadStatic]
    private static PayloadBuffer? t_buffer;

    /// <summary>
    /// The bytes of <paramref name="value"/>, in an array of their size, written into the thread's
    /// <see cref="PayloadBuffer"/>: the only array serializing it costs, however large.
    /// </summary>
    public static byte[] Serialize<T>(IZmqSerializer serializer, T value, PayloadContext context)
    {
        var buffer = t_buffer ?? new PayloadBuffer();
        t_buffer = null;
        try
        {
            serializer.Serialize(buffer, value);
            return buffer.ToArray();
        }
        catch (Exception exception)
        {
            throw new ZmqPayloadException(
                $"{context}: a {typeof(T)} could not be written with the {serializer.Name} serializer: {Why(exception)}",
                exception);
        }
        finally
        {
            buffer.Reset();
            t_buffer = buffer;
        }
    }

    /// <summary>Writes what a handler returns; a value its format cannot write is the handler's side's fault, told as such.</summary>
    /// <exception cref="Runtime.ResultEncodingException">The serializer cannot write <paramref name="value"/>.</exception>
    public static byte[] WriteResult<T>(IZmqSerializer serializer, T value, PayloadContext context)
    {
        try
        {
            return Serialize(serializer, value, context);
        }
        catch (ZmqPayloadException exception)
        {
            throw new Runtime.ResultEncodingException(exception.Message, exception);
        }
    }

    /// <summary>Reads a <typeparamref name="T"/>; with <paramref name="nullable"/> false, a payload that reads as null is refused.</summary>
    /// <param name="serializer">The endpoint's serializer.</param>
    /// <param name="payload">The frame's bytes.</param>
    /// <param name="context">What the payload is, for the message of a failure.</param>
    /// <param name="nullable">
    /// Whether the value may be null: false for a reference type that the contract declares not nullable, whose MessagePack
    /// nil or JSON <c>null</c> would otherwise reach code that the compiler told it cannot be null.
    /// </param>
    /// <exception cref="ZmqPayloadException">The bytes are not a <typeparamref name="T"/>, or are null where it may not be.</exception>
    public static T Deserialize<T>(IZmqSerializer serializer, ReadOnlyMemory<byte> payload, PayloadContext context, bool nullable = true)
    {
        T value;
        try
        {
            value = serializer.Deserialize<T>(payload);
        }
        catch (Exception exception)
        {
            throw new ZmqPayloadException(
                $"{context}: {payload.Length} bytes could not be read as {typeof(T)} with the {serializer.Name} serializer: {Why(exception)}",
                exception);
        }

        if (!nullable && value is null)
        {
            throw new ZmqPayloadException(
                $"{context}: the {serializer.Name} serializer read null, and the contract declares {typeof(T)} not nullable");
        }

        return value;
    }

    /// <summary>
    /// The message of <paramref name="exception"/>, then those of the serializers' and their readers' exceptions inside
    /// it: MessagePack says only which type failed ("Failed to deserialize … value.", "Failed to serialize … value."), the
    /// exceptions inside it which member (the generated formatters name it, or the path to it) and why (when written, a
    /// string with a lone surrogate; when read, a required member missing, nil for a member not nullable, an unexpected
    /// code, or, from its reader, an <see cref="OverflowException"/> for a value too big for its member, an
    /// <see cref="EndOfStreamException"/> for data cut short, an <see cref="InsufficientExecutionStackException"/> for
    /// data nested too deep, an <see cref="ArgumentException"/> from MessagePack's own formatters for a map with a key
    /// twice or a nil key (told as such), or a length out of range). A message that says again what the one before it said (System.Text.Json's
    /// reader's, inside its serializer's) is left out, and the whole is cut to <see cref="MaxWhyLength"/>. What user code
    /// threw inside (a constructor or a setter run while reading) stays out: it may tell internals, and its size is the user's.
    /// </summary>
    private static string Why(Exception exception)
    {
        var why = new StringBuilder(HandlerError.MessageOf(exception));
        for (Exception outer = exception, inner = exception.InnerException!; Tells(inner); outer = inner, inner = inner.InnerException!)
        {
            if (!(outer is JsonException && inner is JsonException))
            {
                why.Append(' ').Append(Says(inner));
            }
        }

        return why.Length > MaxWhyLength ? string.Concat(why.ToString(0, MaxWhyLength), "…") : why.ToString();
    }

    /// <summary>
    /// What <paramref name="inner"/> says; for a peer's nil map key, which MessagePack's dictionary formatters pass to the
    /// dictionary, whose own message (<c>Value cannot be null. (Parameter 'key')</c>) does not tell that the key came from
    /// the peer, what it means.
    /// </summary>
    private static string Says(Exception inner) => inner is ArgumentNullException { ParamName: "key" }
        ? "A map's key is nil, which a dictionary cannot hold."
        : HandlerError.MessageOf(inner);

    /// <summary>Whether <paramref name="inner"/> is a serializer's or its reader's exception, whose message says why: not user code's.</summary>
    private static bool Tells(Exception? inner) =>
        inner is MessagePackSerializationException or JsonException or OverflowException or EndOfStreamException or InsufficientExecutionStackException
        || (inner is ArgumentException && IsMessagePacks(inner));

    /// <summary>
    /// Whether the first frame of <paramref name="exception"/>'s stack outside .NET's own assemblies is MessagePack's.
    /// Always false on .NET 8, which has no trim-safe way to tell a frame's assembly: there the reason stays out.
    /// </summary>
    private static bool IsMessagePacks(Exception exception)
    {
#if !NET9_0_OR_GREATER
        return false;
#else
        foreach (var frame in new System.Diagnostics.StackTrace(exception, fNeedFileInfo: false).GetFrames())
        {
            var assembly = System.Diagnostics.DiagnosticMethodInfo.Create(frame)?.DeclaringAssemblyName;
            if (assembly is not null && !assembly.StartsWith("System.", StringComparison.Ordinal))
            {
                return assembly.StartsWith(MessagePackAssembly, StringComparison.Ordinal);
            }
        }

        return false;
#endif
    }

    /// <summary>Reads what a server or worker was sent; a payload it cannot read is the sender's fault, not the handler's.</summary>
    /// <exception cref="Runtime.RequestDecodingException">The bytes are not a <typeparamref name="T"/>, or are null where it may not be.</exception>
    public static T ReadInput<T>(IZmqSerializer serializer, ReadOnlyMemory<byte> payload, PayloadContext context, bool nullable)
    {
        try
        {
            return Deserialize<T>(serializer, payload, context, nullable);
        }
        catch (ZmqPayloadException exception)
        {
            throw new Runtime.RequestDecodingException(exception.Message, exception);
        }
    }
}
