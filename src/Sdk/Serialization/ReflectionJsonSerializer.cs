using System;
using System.Buffers;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace ZmqContracts.Runtime;

/// <summary>
/// The JSON serializer of a contract whose attribute names no <c>JsonContext</c>: <see cref="ZmqSerializers.Json"/>, which
/// describes types by reflection, reached only when an endpoint reads or writes with it, not when its options name a
/// serializer of their own. Used by generated code.
/// </summary>
/// <remarks>
/// Trimming and native AOT take that reflection away. The generator says so where it can be acted on, at the contract
/// (ZMQ0015), so that a project whose options always name a serializer made from a <c>JsonSerializerContext</c> can
/// suppress it there; the generated code itself then builds without a trimming or AOT warning.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReflectionJsonSerializer : IZmqSerializer
{
    private const string ReportedAsZmq0015 = "ZMQ0015 reports a JSON contract without a JsonContext in trimmed and native-AOT projects, at the contract.";

    private ReflectionJsonSerializer()
    {
    }

    /// <summary>The one instance, shared by every endpoint of such contracts.</summary>
    public static IZmqSerializer Instance { get; } = new ReflectionJsonSerializer();

    /// <inheritdoc />
    public string Name => "json";

    private static IZmqSerializer Json
    {
        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = ReportedAsZmq0015)]
        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ReportedAsZmq0015)]
        get => ZmqSerializers.Json;
    }

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value)
    {
        try
        {
            Json.Serialize(destination, value);
        }
        catch (NotSupportedException exception) when (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw NeedsJsonContext(exception);
        }
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return Json.Deserialize<T>(payload);
        }
        catch (NotSupportedException exception) when (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw NeedsJsonContext(exception);
        }
    }

    /// <summary>
    /// <paramref name="exception"/> (under native AOT, System.Text.Json's "… is missing native code or metadata"), told
    /// with its fix: the contract needs a <c>JsonContext</c>.
    /// </summary>
    internal static NotSupportedException NeedsJsonContext(NotSupportedException exception) =>
        new($"{exception.Message} A JSON contract without a JsonContext is read and written by reflection, which native AOT takes away: " +
            "set JsonContext = typeof(YourJsonContext) in the contract's attribute, a JsonSerializerContext that lists the types it sends (ZMQ0015).", exception);
}
