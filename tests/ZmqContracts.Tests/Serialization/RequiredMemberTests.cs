using System;
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Threading.Tasks;
using MessagePack;
using NetMQ.Sockets;
using Xunit;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Serialization;

/// <summary>A record whose constructor sets its required members: C# then requires nothing of its callers.</summary>
public record Tariff
{
    [SetsRequiredMembers]
    public Tariff() => Code = "none";

    public required string Code { get; init; }

    public decimal Rate { get; init; }
}

/// <summary>A server to send <see cref="Customs"/> to, and the contract that makes the generator write a formatter for <see cref="Tariff"/>.</summary>
[Reply]
public interface ICustomsDesk
{
    Task<decimal> Declare(Customs customs);

    Task<string> Classify(Tariff tariff);

    Task<string> Inspect(Touchy touchy);
}

/// <summary>A record whose constructor refuses a long note, quoting it: what user code throws while a payload is read.</summary>
public record Touchy(string Note)
{
    public string Note { get; } = Note.Length <= 3 ? Note : throw new InvalidOperationException("secret: " + Note);
}

internal sealed class CustomsDesk : ICustomsDesk
{
    public Task<decimal> Declare(Customs customs) => Task.FromResult(customs.Value);

    public Task<string> Classify(Tariff tariff) => Task.FromResult(tariff.Code);

    public Task<string> Inspect(Touchy touchy) => Task.FromResult(touchy.Note);
}

/// <summary>
/// A map that lacks a <c>required</c> member is refused, as System.Text.Json refuses such JSON: a price misspelled by a
/// peer must not read as 0. A member that is not required may be missing (forward compatibility).
/// </summary>
public class RequiredMemberTests
{
    [Fact]
    public void A_map_without_a_required_member_is_refused_naming_the_type_and_the_member_and_read_with_it()
    {
        var refused = Assert.Throws<MessagePackSerializationException>(() => Read<Customs>(Map(("Country", "FR"), ("Broker", "Acme"))));

        Assert.Equal("Customs: the required member Value is missing", Innermost(refused).Message);
        Assert.Equal(new Customs { Country = "FR", Value = 410.1m }, Read<Customs>(Map(("Country", "FR"), ("Value", 410.1))));
        Assert.Equal(new Customs { Country = "FR", Value = 0m }, Read<Customs>(Map(("Value", 0), ("Unknown", 1), ("Country", "FR"))));
    }

    [Fact]
    public void A_map_without_several_required_members_is_refused_naming_each_unless_the_constructor_used_sets_them()
    {
        var refused = Assert.Throws<MessagePackSerializationException>(() => Read<Customs>(Map(("Broker", "Acme"))));

        Assert.Equal("Customs: the required members Country, Value are missing", Innermost(refused).Message);

        // [SetsRequiredMembers] on the constructor used: C# then requires nothing of the caller, and neither does the wire.
        Assert.Equal(new Tariff { Code = "none", Rate = 0.2m }, Read<Tariff>(Map(("Rate", 0.2))));
    }

    [Fact]
    public async Task A_server_answers_a_request_without_a_required_member_with_a_bad_request()
    {
        await using var server = new CustomsDeskServer(new CustomsDesk(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Declare"), Map(("Country", "FR"), ("Valeu", 410.1)));
        var reply = request.ReceiveFrames();

        Assert.Equal("bad-request", ErrorCode(reply));
        using var error = JsonDocument.Parse(reply[1]);
        Assert.Contains("could not be read as ZmqContracts.Tests.Serialization.Customs", error.RootElement.GetProperty("message").GetString());
        Assert.EndsWith("Customs: the required member Value is missing", error.RootElement.GetProperty("message").GetString());
        request.SendFrames(Utf8("Declare"), Map(("Country", "FR"), ("Value", 410.1)));
        Assert.Equal(410.1m, MessagePackSerializer.Deserialize<decimal>(request.ReceiveFrames()[0]));
    }

    [Fact]
    public async Task What_user_code_throws_while_a_request_is_read_stays_at_the_server()
    {
        await using var server = new CustomsDeskServer(new CustomsDesk(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Inspect"), Map(("Note", new string('x', 5_000))));
        var reply = request.ReceiveFrames();

        Assert.Equal("bad-request", ErrorCode(reply));
        using var error = JsonDocument.Parse(reply[1]);
        var message = error.RootElement.GetProperty("message").GetString()!;
        Assert.Contains("could not be read as ZmqContracts.Tests.Serialization.Touchy", message);
        Assert.DoesNotContain("secret", message);
        Assert.True(message.Length < 500, $"the message is {message.Length} characters");
    }

    /// <summary>A map as a peer in another language writes it: its keys and values in the order given.</summary>
    private static byte[] Map(params (string Key, object Value)[] entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(entries.Length);
        foreach (var (key, value) in entries)
        {
            writer.Write(key);
            switch (value)
            {
                case string text:
                    writer.Write(text);
                    break;
                case double number:
                    writer.Write(number);
                    break;
                default:
                    writer.Write((int)value);
                    break;
            }
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static T Read<T>(byte[] payload) => ZmqSerializers.MessagePack.Deserialize<T>(payload);

    /// <summary>The formatter's own exception, inside the one MessagePackSerializer wraps every failure in.</summary>
    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}
