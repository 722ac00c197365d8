using System;
using System.Buffers;
using System.Collections.Generic;

namespace ZmqContracts;

/// <summary>
/// Where a payload is serialized before it becomes its frame: chunks, each twice as long as the one before (or as long as
/// the serializer asks), copied once into an array of the payload's exact size. Chunks up to
/// <see cref="LargestPooledChunkLength"/> are rented from <see cref="ArrayPool{T}.Shared"/>; longer ones are the buffer's
/// own, kept between payloads only through weak references, so that the next large payload of the thread takes them
/// again unless the garbage collector has taken them first. A payload of any size thus costs one array of its size
/// while large ones follow each other, as a buffer grown by copying into arrays twice as long would leave up to three
/// times the payload; and a one-off large payload leaves nothing held: <see cref="ArrayPool{T}.Shared"/> keeps what it
/// is given back, for each thread and each core, until a full collection finds it unused for tens of seconds, which an
/// idle process may never have, so that one 16 MiB message held 32 MiB per thread that serialized one.
/// The array is not sent from a chunk because NetMQ holds a frame's array until it has written it, and a request
/// keeps its frames for its retries, with no moment at which the chunk could be given back.
/// </summary>
internal sealed class PayloadBuffer : IBufferWriter<byte>
{
    private const int FirstChunkLength = 256;

    /// <summary>The longest chunk the buffer keeps from one payload to the next.</summary>
    private const int RetainedChunkLength = 64 * 1024;

    /// <summary>The longest chunk rented from <see cref="ArrayPool{T}.Shared"/>: what a thread can leave held there is about twice this.</summary>
    internal const int LargestPooledChunkLength = 1024 * 1024;

    /// <summary>Chunks longer than <see cref="LargestPooledChunkLength"/> of earlier payloads, which the garbage collector may take.</summary>
    private readonly List<WeakReference<byte[]>> _largeChunks = [];

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
            GiveBack(chunk);
        }

        _filled.Clear();
        if (_chunk.Length > RetainedChunkLength)
        {
            GiveBack(_chunk);
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
            GiveBack(_chunk);
        }

        _chunk = Take(Math.Max(needed, _chunk.Length == 0 ? FirstChunkLength : (int)Math.Min(_chunk.Length * 2L, Array.MaxLength)));
        _written = 0;
    }

    /// <summary>A chunk of at least <paramref name="length"/> bytes: rented, one of the large chunks still alive, or a new one.</summary>
    private byte[] Take(int length)
    {
        if (length <= LargestPooledChunkLength)
        {
            return ArrayPool<byte>.Shared.Rent(length);
        }

        for (var i = 0; i < _largeChunks.Count; i++)
        {
            if (_largeChunks[i].TryGetTarget(out var chunk) && chunk.Length >= length)
            {
                _largeChunks.RemoveAt(i);
                return chunk;
            }
        }

        return GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Returns a rented chunk to the pool; keeps a large one weakly, in a reference whose chunk is gone if there is one.</summary>
    private void GiveBack(byte[] chunk)
    {
        if (chunk.Length <= LargestPooledChunkLength)
        {
            ArrayPool<byte>.Shared.Return(chunk);
            return;
        }

        foreach (var reference in _largeChunks)
        {
            if (!reference.TryGetTarget(out _))
            {
                reference.SetTarget(chunk);
                return;
            }
        }

        _largeChunks.Add(new WeakReference<byte[]>(chunk));
    }
}
