using System;
using System.Buffers;
using System.ComponentModel;

namespace ZmqContracts.Runtime;

/// <summary>
/// The serializer of a raw <see cref="TopicAttribute">[Topic]</see> message (<c>Format = ZmqFormat.Raw</c>): the message
/// is its one property, a string or bytes, written verbatim as <see cref="ZmqSerializers.Raw"/> writes it, so that a
/// pyzmq <c>send_multipart([topic, text])</c> is read as a message and a message is sent as such. Used by generated code.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
/// <typeparam name="TValue">Its one property's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RawMessageSerializer<TMessage, TValue> : IZmqSerializer
{
    private readonly Func<TMessage, TValue> _read;
    private readonly Func<TValue, TMessage> _create;

    /// <summary>Creates the serializer.</summary>
    /// <param name="read">The message's property.</param>
    /// <param name="create">A message of a property's value.</param>
    public RawMessageSerializer(Func<TMessage, TValue> read, Func<TValue, TMessage> create)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(create);
        _read = read;
        _create = create;
    }

    /// <inheritdoc />
    public string Name => ZmqSerializers.Raw.Name;

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value)
    {
        if (value is not TMessage message)
        {
            throw Unsupported(typeof(T));
        }

        ZmqSerializers.Raw.Serialize(destination, _read(message));
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlyMemory<byte> payload) => typeof(T) == typeof(TMessage)
        ? (T)(object)_create(ZmqSerializers.Raw.Deserialize<TValue>(payload))!
        : throw Unsupported(typeof(T));

    private static NotSupportedException Unsupported(Type type) =>
        new($"The raw serializer of {typeof(TMessage)} carries {typeof(TMessage)} messages only, not {type}.");
}
