using System;
using System.Buffers;
using System.Collections.Generic;

namespace ZmqContracts;

/// <summary>
/// Where a payload is serialized before it becomes its frame: chunks rented from <see cref="ArrayPool{T}.Shared"/>, each
/// twice as long as the one before (or as long as the serializer asks), copied once into an array of the payload's exact
/// size. A payload of any size thus costs one array of its size: nothing the buffer grows through is left to the
/// garbage collector, as a buffer grown by copying into arrays twice as long would leave up to three times the payload.
/// The array is not sent from a rented chunk because NetMQ holds a frame's array until it has written it, and a request
/// keeps its frames for its retries, with no moment at which the chunk could be given back.
/// </summary>
internal sealed class PayloadBuffer : IBufferWriter<byte>
{
    private const int FirstChunkLength = 256;

    /// <summary>The longest chunk the buffer keeps from one payload to the next.</summary>
    private const int RetainedChunkLength = 64 * 1024;

    /// <summary>The chunks filled before <see cref="_chunk"/>, with the bytes written into each.</summary>
    private readonly List<(byte[] Chunk, int Written)> _filled = [];
    private byte[] _chunk = [];
    private int _written;

    /// <inheritdoc/>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _chunk.Length - _written)
        {
            throw new InvalidOperationException($"The serializer advanced {count} bytes past the {_chunk.Length - _written} it was given.");
        }

        _written += count;
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        MakeRoom(sizeHint);
        return _chunk.AsMemory(_written);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        MakeRoom(sizeHint);
        return _chunk.AsSpan(_written);
    }

    /// <summary>What was written, as one array of its size.</summary>
    public byte[] ToArray()
    {
        var length = _written;
        foreach (var (_, written) in _filled)
        {
            length += written;
        }

        if (length == 0)
        {
            return [];
        }

        var payload = GC.AllocateUninitializedArray<byte>(length);
        var at = 0;
        foreach (var (chunk, written) in _filled)
        {
            chunk.AsSpan(0, written).CopyTo(payload.AsSpan(at));
            at += written;
        }

        _chunk.AsSpan(0, _written).CopyTo(payload.AsSpan(at));
        return payload;
    }

    /// <summary>
    /// Gives the chunks back to the pool, leaving the buffer empty for the next payload; keeps the last one if it is no
    /// longer than <see cref="RetainedChunkLength"/>, so that small payloads, one after another, do not go to the pool at all.
    /// </summary>
    public void Reset()
    {
        foreach (var (chunk, _) in _filled)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _filled.Clear();
        if (_chunk.Length > RetainedChunkLength)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = [];
        }

        _written = 0;
    }

    /// <summary>Makes <see cref="_chunk"/> one with at least <paramref name="sizeHint"/> bytes (at least one) free after what it holds.</summary>
    private void MakeRoom(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        if (_chunk.Length - _written >= needed)
        {
            return;
        }

        if (_written > 0)
        {
            _filled.Add((_chunk, _written));
        }
        else if (_chunk.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
        }

        _chunk = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _chunk.Length == 0 ? FirstChunkLength : (int)Math.Min(_chunk.Length * 2L, Array.MaxLength)));
        _written = 0;
    }
}
