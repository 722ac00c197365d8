using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ZmqContracts.Tests.Fuzz;

/// <summary>
/// Hostile multipart messages for a receiving side, from a seeded <see cref="Random"/> so that a failure reproduces:
/// random frame counts, empty frames, names the receiver knows (as they are, cut short, lengthened, or made invalid
/// UTF-8), truncated copies of valid payloads, MessagePack and JSON that declare huge lengths or nest deeply, random
/// bytes, and now and then a frame of exactly <see cref="MaxFrameSize"/> bytes.
/// </summary>
/// <param name="seed">The seed; the same seed gives the same messages.</param>
/// <param name="maxFrameSize">The receiver's <see cref="ZmqSocketOptions.MaxMessageSize"/>: no frame is longer.</param>
/// <param name="names">What the receiver reads in a first frame: operation names, topics, <c>zmqc.error</c>.</param>
/// <param name="validPayloads">Payloads the receiver can read, which the generator cuts short.</param>
internal sealed class MalformedMessages(int seed, int maxFrameSize, IReadOnlyList<byte[]> names, IReadOnlyList<byte[]> validPayloads)
{
    /// <summary>More frames than a request envelope may have (32), so that the envelope search runs out.</summary>
    private const int MaxFrames = 40;

    private readonly byte[][] _hostilePayloads =
    [
        [0xdd, 0x7f, 0xff, 0xff, 0xff],                    // array32 of 2^31 - 1 elements, none present
        [0xdd, 0x80, 0x00, 0x00, 0x00, 0xc0],              // array32 of 2^31 elements
        [0xdf, 0x80, 0x00, 0x00, 0x00, 0xa1, 0x41],        // map32 of 2^31 entries
        [0xdb, 0x7f, 0xff, 0xff, 0xff, 0x41],              // str32 of 2^31 - 1 bytes
        [0xc6, 0xff, 0xff, 0xff, 0xff],                    // bin32 of 4 GiB
        [0xc9, 0x7f, 0xff, 0xff, 0xff, 0x01],              // ext32 of 2^31 - 1 bytes
        [0x81, 0xa4, 0x54, 0x65, 0x78, 0x74, 0xa2, 0xc3, 0x28], // {"Text": <invalid UTF-8>}
        [0xc1],                                             // the one byte MessagePack never uses
        "[1,2"u8.ToArray(),
        "{\"num\": 1e99999}"u8.ToArray(),
        "{\"text\": \"\\ud800\"}"u8.ToArray(),
        "{\"code\": 7, \"message\": [], \"type\": {}}"u8.ToArray(),
        "\"unterminated"u8.ToArray(),
        Nested(0x91, maxFrameSize),                         // arrays of one element, nested as deep as a frame allows
        Nested("[", maxFrameSize),
        Nested("{\"a\":", maxFrameSize / 5),
        [0xff, 0xfe, 0xfd],
        [0xed, 0xa0, 0x80],                                 // an encoded surrogate: invalid UTF-8
    ];

    private readonly Random _random = new(seed);

    public int MaxFrameSize { get; } = maxFrameSize;

    /// <summary>The next malformed message: one to <see cref="MaxFrames"/> frames.</summary>
    public byte[][] Next()
    {
        var count = _random.Next(10) == 0 ? _random.Next(1, MaxFrames + 1) : _random.Next(1, 5);
        var frames = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            frames[i] = i == 0 && _random.Next(2) == 0 ? Name() : Frame();
        }

        return frames;
    }

    /// <summary>A first frame as the receiver might read it: a known name, or one slightly wrong.</summary>
    public byte[] Name()
    {
        var name = names[_random.Next(names.Count)];
        return _random.Next(5) switch
        {
            0 => name[.._random.Next(name.Length + 1)],
            1 => [.. name, .. RandomBytes(_random.Next(1, 8))],
            2 => [.. name[..^1], 0xc3, 0x28],
            _ => name,
        };
    }

    private byte[] Frame() => _random.Next(8) switch
    {
        0 => [],
        1 => Name(),
        2 => _hostilePayloads[_random.Next(_hostilePayloads.Length)],
        3 => Truncated(validPayloads[_random.Next(validPayloads.Count)]),
        4 when _random.Next(20) == 0 => RandomBytes(MaxFrameSize),
        _ => RandomBytes(_random.Next(1, 64)),
    };

    private byte[] Truncated(byte[] payload) => payload[.._random.Next(payload.Length)];

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Nested(byte opening, int depth) => Enumerable.Repeat(opening, depth).ToArray();

    private static byte[] Nested(string opening, int depth) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(opening, depth)));
}
