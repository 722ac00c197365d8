using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using MessagePack;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Serialization;

/// <summary>A list that a peer can nest as deep as it likes.</summary>
public record Node(int V, Node? Next);

/// <summary>A record with a map, which MessagePack's own formatter reads.</summary>
public record Lookup(Dictionary<string, int> Map);

/// <summary>A record with a string, which generated code reads inline, and strings that MessagePack's array formatter reads.</summary>
public record Labelled(string Text, string[] Tags);

/// <summary>A server to send malformed <see cref="Node"/>, <see cref="Lookup"/>, <see cref="Labelled"/> and string payloads to.</summary>
[Reply]
public interface IReadErrors
{
    Task<int> Deep(Node node);

    Task<int> Find(Lookup lookup);

    Task<int> Label(Labelled labelled);

    Task<string> Echo(string text);
}

public sealed class ReadErrors : IReadErrors
{
    public Task<int> Deep(Node node) => Task.FromResult(node.V);

    public Task<int> Find(Lookup lookup) => Task.FromResult(lookup.Map.Count);

    public Task<int> Label(Labelled labelled) => Task.FromResult(labelled.Tags.Length);

    public Task<string> Echo(string text) => Task.FromResult(text);
}

/// <summary>What a server tells a peer whose payload it cannot read: the type, the member and why, briefly.</summary>
public class ReadErrorTests
{
    /// <summary>A MessagePack string of two bytes, <c>C3 28</c>: a lead byte followed by no continuation byte.</summary>
    private static readonly byte[] InvalidUtf8String = [0xa2, 0xc3, 0x28];

    [Fact]
    public async Task A_value_nested_too_deep_is_refused_naming_the_path_and_the_depth_limit_in_a_short_message()
    {
        const int Depth = 10_000;
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        for (var level = 0; level < Depth; level++)
        {
            writer.WriteMapHeader(2);
            writer.Write("V");
            writer.Write(1);
            writer.Write("Next");
        }

        writer.WriteNil();
        writer.Flush();

        var message = await RefusalOf("Deep", buffer.WrittenSpan.ToArray());

        Assert.Contains("Node: the member Next.Next.Next", message, StringComparison.Ordinal);
        Assert.Contains("members deep) could not be read.", message, StringComparison.Ordinal);
        Assert.Contains("exceeds the maximum depth allowed", message, StringComparison.Ordinal);
        Assert.InRange(message.Length, 1, 1_500);
    }

    [Fact]
    public async Task A_map_with_a_key_twice_is_refused_saying_so()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(1);
        writer.Write("Map");
        writer.WriteMapHeader(2);
        writer.Write("a");
        writer.Write(1);
        writer.Write("a");
        writer.Write(2);
        writer.Flush();

        var message = await RefusalOf("Find", buffer.WrittenSpan.ToArray());

        Assert.Contains("Lookup: the member Map could not be read. An item with the same key has already been added.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_reader_error_is_told_once()
    {
        await using var server = new ReadErrorsServer(new ReadErrors(), Loopback.AnyPort, new ZmqServerOptions { Serializer = ZmqSerializers.Json });
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Find"), Utf8("""{"Map":{},}"""));
        var message = BadRequestMessage(request.ReceiveFrames());

        Assert.Equal(2, message.Split("trailing comma").Length);
    }

    [Fact]
    public async Task A_string_argument_of_invalid_UTF8_is_refused_naming_the_argument_and_the_server_serves_the_next_request()
    {
        await using var server = new ReadErrorsServer(new ReadErrors(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Echo"), InvalidUtf8String);
        var message = BadRequestMessage(request.ReceiveFrames());
        request.SendFrames(Utf8("Echo"), MessagePackSerializer.Serialize("ok"));
        var reply = request.ReceiveFrames();

        Assert.Contains("argument 0 of Echo", message, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8", message, StringComparison.Ordinal);
        Assert.Equal("ok", MessagePackSerializer.Deserialize<string>(Assert.Single(reply)));
    }

    [Theory]
    [InlineData("Text")]
    [InlineData("Tags")]
    public async Task A_member_string_of_invalid_UTF8_is_refused_naming_the_member(string member)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(2);
        writer.Write("Text");
        WriteString(ref writer, member == "Text");
        writer.Write("Tags");
        writer.WriteArrayHeader(1);
        WriteString(ref writer, member == "Tags");
        writer.Flush();

        var message = await RefusalOf("Label", buffer.WrittenSpan.ToArray());

        Assert.Contains($"Labelled: the member {member} could not be read.", message, StringComparison.Ordinal);
        Assert.Contains("invalid UTF-8", message, StringComparison.Ordinal);

        static void WriteString(ref MessagePackWriter writer, bool invalid)
        {
            if (invalid)
            {
                writer.WriteRaw(InvalidUtf8String);
            }
            else
            {
                writer.Write("fine");
            }
        }
    }

    private static async Task<string> RefusalOf(string operation, byte[] payload)
    {
        await using var server = new ReadErrorsServer(new ReadErrors(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);
        request.SendFrames(Utf8(operation), payload);
        return BadRequestMessage(request.ReceiveFrames());
    }
}
