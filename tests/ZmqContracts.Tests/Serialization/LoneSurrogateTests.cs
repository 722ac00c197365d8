using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using MessagePack;
using Xunit;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Tests.RequestReply;

namespace ZmqContracts.Tests.Serialization;

public record Memo(string Title, IReadOnlyList<string> Lines);

/// <summary>A contract of MessagePack, its default, whose endpoints the tests give the format they test.</summary>
[Reply]
public interface IMemos
{
    Task<string> File(Memo memo);
}

[JsonSerializable(typeof(Memo))]
[JsonSerializable(typeof(string))]
internal partial class MemoJsonContext : JsonSerializerContext;

/// <summary>The same operation in JSON through a source-generated context, not by reflection.</summary>
[Reply(Format = ZmqFormat.Json, JsonContext = typeof(MemoJsonContext))]
public interface IContextMemos
{
    Task<string> File(Memo memo);
}

public sealed class MemoCabinet : IMemos, IContextMemos
{
    public ConcurrentQueue<Memo> Filed { get; } = new();

    public Task<string> File(Memo memo)
    {
        Filed.Enqueue(memo);
        return Task.FromResult(memo.Title);
    }
}

/// <summary>
/// A lone UTF-16 surrogate (half of a pair without its other half) has no UTF-8 form: MessagePack and JSON, both UTF-8
/// on the wire, would carry U+FFFD in its place, another text than the one given, which the other side would take for the
/// sender's. A typed sender refuses such a string before anything is sent, naming the argument and the member.
/// </summary>
public class LoneSurrogateTests
{
    public static TheoryData<string> Formats => ["msgpack", "json"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_call_with_a_lone_surrogate_in_an_argument_or_a_member_fails_before_anything_is_sent(string format)
    {
        var serializer = ZmqSerializers.ByName(format);
        var cabinet = new MemoCabinet();
        await using var server = new MemosServer(cabinet, Loopback.AnyPort, new ZmqServerOptions { Serializer = serializer });
        server.Start();
        await using var client = new MemosClient(server.Endpoint, new ZmqClientOptions { Serializer = serializer });
        await using var greeter = new GreeterServer(new Greeter(), Loopback.AnyPort, new ZmqServerOptions { Serializer = serializer });
        greeter.Start();
        await using var greeterClient = new GreeterClient(greeter.Endpoint, new ZmqClientOptions { Serializer = serializer });

        var inTitle = await Assert.ThrowsAsync<ZmqPayloadException>(() => client.File(new Memo("a\uD800b", [])).Bound());
        var inLines = await Assert.ThrowsAsync<ZmqPayloadException>(() => client.File(new Memo("title", ["ok", "\uDC00"])).Bound());
        var inArgument = await Assert.ThrowsAsync<ZmqPayloadException>(() => greeterClient.Greet("a\uDBFF").Bound());

        // System.Text.Json keeps no path while it writes: a JSON error names the argument, MessagePack's the member too.
        AssertRefused(inTitle, $"argument 0 of File: a {typeof(Memo)} could not be written with the {format} serializer", "U+D800 at index 1", format == "json" ? "" : "Memo: the member Title could not be written.");
        AssertRefused(inLines, "argument 0 of File", "U+DC00 at index 0", format == "json" ? "" : "Memo: the member Lines could not be written.");
        AssertRefused(inArgument, $"argument 0 of Greet: a System.String could not be written with the {format} serializer", "U+DBFF at index 1");
        Assert.Equal("a\U0001F600b", await client.File(new Memo("a\U0001F600b", ["\U0001F600"])).Bound());
        Assert.Equal([new Memo("a\U0001F600b", ["\U0001F600"])], cabinet.Filed, MemoComparer.Instance);
        Assert.Equal("Hello, a\U0001F600", await greeterClient.Greet("a\U0001F600").Bound());
    }

    [Fact]
    public async Task A_JSON_call_through_a_contracts_JsonContext_refuses_a_lone_surrogate_too()
    {
        var cabinet = new MemoCabinet();
        await using var server = new ContextMemosServer(cabinet, Loopback.AnyPort);
        server.Start();
        await using var client = new ContextMemosClient(server.Endpoint);

        var refused = await Assert.ThrowsAsync<ZmqPayloadException>(() => client.File(new Memo("title", ["\uD800"])).Bound());

        AssertRefused(refused, "argument 0 of File: a ZmqContracts.Tests.Serialization.Memo could not be written with the json serializer", "U+D800 at index 0");
        Assert.Equal("title", await client.File(new Memo("title", ["line"])).Bound());
        Assert.Equal([new Memo("title", ["line"])], cabinet.Filed, MemoComparer.Instance);
    }

    [Fact]
    public Task A_MessagePack_publish_with_a_lone_surrogate_fails_before_anything_is_sent() =>
        PublishRefused(text => new Client1Message(text), message => message.Text, "Client1Message on client1: a ZmqContracts.Tests.PubSub.Client1Message could not be written with the msgpack serializer: Failed to serialize ZmqContracts.Tests.PubSub.Client1Message value. Client1Message: the member Text could not be written.");

    [Fact]
    public Task A_JSON_publish_with_a_lone_surrogate_fails_before_anything_is_sent() =>
        PublishRefused(text => new JsonGreeting(text), message => message.Text, "JsonGreeting on greetings.json: a ZmqContracts.Tests.PubSub.JsonGreeting could not be written with the json serializer");

    /// <summary>Strings are on every message's path: the check of a valid one is a search of its characters, nothing allocated.</summary>
    [Fact]
    public void Checking_a_valid_string_as_it_is_written_allocates_nothing_more_than_writing_it()
    {
        const string Text = "a valid text, with a pair \U0001F600 and U+FFFD \uFFFD, long enough to be searched in vectors";
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(buffer);
        var converter = new StrictStringJsonConverter();
        var options = new JsonSerializerOptions();

        Assert.Equal(
            AllocatedBy(() => MessagePack((ref MessagePackWriter writer) => writer.Write(Text))),
            AllocatedBy(() => MessagePack((ref MessagePackWriter writer) => Runtime.MessagePackFormatters.WriteString(ref writer, Text))));
        Assert.Equal(AllocatedBy(() => Json(() => json.WriteStringValue(Text))), AllocatedBy(() => Json(() => converter.Write(json, Text, options))));

        void MessagePack(WriteTo write)
        {
            buffer.ResetWrittenCount();
            var writer = new MessagePackWriter(buffer);
            write(ref writer);
            writer.Flush();
        }

        void Json(Action write)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            write();
            json.Flush();
        }
    }

    private delegate void WriteTo(ref MessagePackWriter writer);

    /// <summary>What 100 runs of <paramref name="action"/> allocate, after one to warm it up.</summary>
    private static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static async Task PublishRefused<T>(Func<string, T> create, Func<T, string> text, string what)
        where T : ITopicMessage<T>
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        await using var received = subscriber.Subscribe<T>().GetAsyncEnumerator();
        await publisher.WaitForSubscriberAsync<T>().Bound();

        var refused = await Assert.ThrowsAsync<ZmqPayloadException>(() => publisher.PublishAsync(create("\uDFFFz")).AsTask().Bound());
        await publisher.PublishAsync(create("sent")).Bound();

        AssertRefused(refused, what, "The string holds U+DFFF at index 0");
        Assert.True(await received.MoveNextAsync().AsTask().Bound());
        Assert.Equal("sent", text(received.Current));
    }

    private static void AssertRefused(ZmqPayloadException refused, params string[] parts)
    {
        foreach (var part in parts)
        {
            Assert.Contains(part, refused.Message, StringComparison.Ordinal);
        }

        Assert.Contains("half of a UTF-16 surrogate pair without its other half", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Memos compared by their text: a record's list compares by reference.</summary>
    private sealed class MemoComparer : IEqualityComparer<Memo>
    {
        public static readonly MemoComparer Instance = new();

        public bool Equals(Memo? x, Memo? y) => x?.Title == y?.Title && string.Join("\n", x?.Lines ?? []) == string.Join("\n", y?.Lines ?? []);

        public int GetHashCode(Memo obj) => obj.Title.GetHashCode(StringComparison.Ordinal);
    }
}
