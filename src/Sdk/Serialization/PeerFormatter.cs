using MessagePack;
using MessagePack.Formatters;

namespace ZmqContracts;

/// <summary>
/// A value written as MessagePack-CSharp writes it (<paramref name="written"/>), so that nothing is lost between .NET
/// peers, and read also as a peer without its .NET type writes it (<see cref="Deserialize"/>).
/// </summary>
/// <param name="written">MessagePack-CSharp's own formatter of the type.</param>
internal abstract class PeerFormatter<T>(IMessagePackFormatter<T> written) : IMessagePackFormatter<T>
{
    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        written.Serialize(ref writer, value, options);

    public abstract T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options);

    /// <summary>Reads the value as MessagePack-CSharp writes it.</summary>
    protected T DeserializeWritten(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        written.Deserialize(ref reader, options);
}
