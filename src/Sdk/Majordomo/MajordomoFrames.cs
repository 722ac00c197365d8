using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using NetMQ;

namespace ZmqContracts;

/// <summary>
/// The frames of the Majordomo Protocol, MDP/0.1 (ZeroMQ RFC 7), and of the correlation tag with which a typed client
/// matches replies to the calls it has in flight (docs/protocol.md, "Through a Majordomo broker").
/// </summary>
internal static class MajordomoFrames
{
    /// <summary>Frame 1 of every MDP/Client message: MDP/Client v0.1.</summary>
    public static readonly byte[] ClientHeader = "MDPC01"u8.ToArray();

    /// <summary>Frame 1 of every MDP/Worker message: MDP/Worker v0.1.</summary>
    public static readonly byte[] WorkerHeader = "MDPW01"u8.ToArray();

    /// <summary>The prefix of the correlation tag a typed client appends to a request body; 8 bytes of id follow.</summary>
    private static readonly byte[] TagPrefix = "zmqc.call"u8.ToArray();

    /// <summary>The length of a correlation tag: its prefix and a little-endian 64-bit id.</summary>
    private static readonly int TagLength = TagPrefix.Length + sizeof(ulong);

    /// <summary>The service prefix of the Majordomo Management Interface (RFC 8), which the broker answers itself.</summary>
    public const string ManagementPrefix = "mmi.";

    /// <summary><see cref="ManagementPrefix"/> as the wire carries it.</summary>
    public static readonly byte[] ManagementPrefixBytes = Encoding.ASCII.GetBytes(ManagementPrefix);

    /// <summary>The Management Interface service (RFC 8) that tells whether a worker serves the service named in its body.</summary>
    public const string ServiceLookup = "mmi.service";

    /// <summary><see cref="ServiceLookup"/> as the wire carries it.</summary>
    public static readonly byte[] ServiceLookupName = Encoding.ASCII.GetBytes(ServiceLookup);

    /// <summary>The one byte of an MDP/Worker command.</summary>
    public enum Command : byte
    {
        Ready = 1,
        Request = 2,
        Reply = 3,
        Heartbeat = 4,
        Disconnect = 5,
    }

    /// <summary>
    /// The empty frame and the headers as frames made once, pushed into every message that needs them instead of one
    /// each per message: a frame is only read once it is pushed (as <see cref="BrokerService.NameFrame"/> is).
    /// </summary>
    public static readonly NetMQFrame EmptyFrame = new(Array.Empty<byte>());

    /// <inheritdoc cref="EmptyFrame"/>
    public static readonly NetMQFrame ClientHeaderFrame = new(ClientHeader);

    private static readonly NetMQFrame WorkerHeaderFrame = new(WorkerHeader);

    /// <summary>Each command's one-byte frame, made once, by the command's value.</summary>
    private static readonly NetMQFrame[] CommandFrames = [.. Enumerable.Range(0, (int)Command.Disconnect + 1).Select(value => new NetMQFrame([(byte)value]))];

    /// <summary>A worker command of three frames (<c>[] MDPW01 command</c>), to which a command's own frames are appended.</summary>
    public static NetMQMessage WorkerCommand(Command command) => PushWorkerCommand(command, new NetMQMessage(6));

    /// <summary>Puts a worker command's three frames (<c>[] MDPW01 command</c>) before the frames of <paramref name="message"/>, and returns it.</summary>
    public static NetMQMessage PushWorkerCommand(Command command, NetMQMessage message)
    {
        message.Push(CommandFrames[(int)command]);
        message.Push(WorkerHeaderFrame);
        message.Push(EmptyFrame);
        return message;
    }

    /// <summary>Whether <paramref name="frame"/> is exactly <paramref name="expected"/>.</summary>
    public static bool Is(NetMQFrame frame, byte[] expected) => frame.Span().SequenceEqual(expected);

    /// <summary>The worker command a message carries (<c>[] MDPW01 command …</c> from <paramref name="first"/> on), or <see langword="null"/> when it carries none.</summary>
    public static Command? WorkerCommandOf(NetMQMessage message, int first)
    {
        if (message.FrameCount < first + 3 || !message[first].IsEmpty || !Is(message[first + 1], WorkerHeader) || message[first + 2].MessageSize != 1)
        {
            return null;
        }

        var command = (Command)message[first + 2].Buffer[0];
        return command is >= Command.Ready and <= Command.Disconnect ? command : null;
    }

    /// <summary>The correlation tag of call <paramref name="id"/>: <c>zmqc.call</c> and the id, little-endian.</summary>
    public static byte[] Tag(ulong id)
    {
        var tag = new byte[TagLength];
        TagPrefix.CopyTo(tag, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(tag.AsSpan(TagPrefix.Length), id);
        return tag;
    }

    /// <summary>Whether <paramref name="frame"/> is a correlation tag; if so, the id it carries.</summary>
    public static bool TryReadTag(NetMQFrame frame, out ulong id)
    {
        var bytes = frame.Span();
        if (bytes.Length == TagLength && bytes.StartsWith(TagPrefix))
        {
            id = BinaryPrimitives.ReadUInt64LittleEndian(bytes[TagPrefix.Length..]);
            return true;
        }

        id = 0;
        return false;
    }

    /// <summary>
    /// The bytes of <paramref name="frame"/>, as a key by content (<see cref="ByteContent"/>): a frame read from a socket
    /// has an array of its own (<see cref="FrameReceiving"/>), which nothing writes to afterwards.
    /// </summary>
    public static ReadOnlyMemory<byte> Bytes(NetMQFrame frame) => new(frame.Buffer, 0, frame.MessageSize);
}
