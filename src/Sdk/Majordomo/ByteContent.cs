using System;
using System.Collections.Generic;

namespace ZmqContracts;

/// <summary>
/// Compares bytes by content, so that the broker finds a service or a worker by the bytes of a frame as read, without
/// making a string of them for every message (the names that are not UTF-8 included: two are one key exactly when their
/// bytes are the same).
/// </summary>
internal sealed class ByteContent : IEqualityComparer<ReadOnlyMemory<byte>>
{
    public static readonly ByteContent Comparer = new();

    public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

    public int GetHashCode(ReadOnlyMemory<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes.Span);
        return hash.ToHashCode();
    }
}
