using System;
using System.Numerics;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.PubSub;
using ZmqContracts.Runtime;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Serialization;

public record Amount(BigInteger Value, BigInteger? Maybe);

public record Measure(double Length, float Weight);

public record Person(string Name, Amount Savings, string? Nickname)
{
    public string Title { get; init; } = "";
}

[Reply(Format = ZmqFormat.Json)]
public interface IJsonValues
{
    Task<Amount> Double(Amount amount);

    Task<Complex> Conjugate(Complex value);

    Task<string> Greet(Person person);

    Task<Measure> Halve(Measure measure);

    Task<string> Describe(DateTime at);

    Task<DateTime> Echo(DateTime at);
}

public sealed class JsonValues : IContextJsonValues
{
    public Task<Amount> Double(Amount amount) => Task.FromResult(new Amount(amount.Value * 2, amount.Maybe * 2));

    public Task<Complex> Conjugate(Complex value) => Task.FromResult(Complex.Conjugate(value));

    public Task<Measure> Halve(Measure measure) => Task.FromResult(new Measure(measure.Length / 2, measure.Weight / 2));

    public Task<string> Describe(DateTime at) => Task.FromResult($"{at:O} {at.Kind}");

    public Task<DateTime> Echo(DateTime at) => Task.FromResult(at);

    public Task<string> Greet(Person person) => Task.FromResult($"{person.Title} {person.Name} ({person.Nickname ?? "-"})");
}

[JsonSerializable(typeof(Amount))]
[JsonSerializable(typeof(Complex))]
[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(Measure))]
[JsonSerializable(typeof(DateTime))]
[JsonSerializable(typeof(string))]
internal partial class JsonValuesContext : JsonSerializerContext;

[Reply(Format = ZmqFormat.Json, JsonContext = typeof(JsonValuesContext))]
public interface IContextJsonValues : IJsonValues;

[Topic("amounts.json", Format = ZmqFormat.Json)]
public partial record AmountMessage(BigInteger Value);

/// <summary>Values that System.Text.Json has no JSON shape for of its own, in the JSON format (docs/protocol.md).</summary>
public class JsonValueTests
{
    private static readonly BigInteger Huge = BigInteger.Parse("-123456789012345678901234567890123456789");

    [Fact]
    public async Task A_BigInteger_crosses_a_JSON_contract_exactly_with_and_without_a_JsonContext()
    {
        await using var server = new JsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        await using var client = new JsonValuesClient(server.Endpoint);
        await using var contextServer = new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort);
        contextServer.Start();
        await using var contextClient = new ContextJsonValuesClient(contextServer.Endpoint);

        Assert.Equal(new Amount(Huge * 2, 6), await client.Double(new Amount(Huge, 3)).Bound());
        Assert.Equal(new Amount(Huge * 2, null), await contextClient.Double(new Amount(Huge, null)).Bound());
    }

    [Fact]
    public async Task A_BigInteger_is_a_JSON_number_of_all_its_digits_as_a_pyzmq_peer_writes_an_int()
    {
        await using var server = new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        using var peer = new RequestSocket(server.Endpoint);

        peer.SendFrames(Utf8("Double"), Utf8("""{"value": 123456789012345678901234567890, "maybe": 12345}"""));
        Assert.Equal("""{"value":246913578024691357802469135780,"maybe":24690}""", Encoding.UTF8.GetString(Assert.Single(peer.ReceiveFrames())));

        peer.SendFrames(Utf8("Double"), Utf8("""{"value": 1.5, "maybe": null}"""));
        Assert.Contains("1.5 is not one", BadRequestMessage(peer.ReceiveFrames()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_BigInteger_crosses_a_JSON_topic_exactly()
    {
        await using var publisher = new ZmqPublisher(Loopback.AnyPort);
        await using var subscriber = new ZmqSubscriber(publisher.Endpoint);
        var received = subscriber.Subscribe<AmountMessage>().StartTaking(1);
        await publisher.WaitForSubscriberAsync<AmountMessage>().Bound();

        await publisher.PublishAsync(new AmountMessage(Huge)).Bound();

        Assert.Equal(new AmountMessage(Huge), Assert.Single(await received.Bound()));
    }

    [Fact]
    public async Task A_type_of_read_only_properties_only_is_refused_instead_of_read_as_its_default()
    {
        await using var server = new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        await using var client = new ContextJsonValuesClient(server.Endpoint);

        var refused = await Assert.ThrowsAsync<ZmqPayloadException>(() => client.Conjugate(new Complex(1, 2)).Bound());

        Assert.Contains("System.Numerics.Complex would cross as a JSON object of its read-only properties", Assert.IsType<NotSupportedException>(refused.InnerException).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, """{"name": null, "savings": {"value": 1}}""", "$.name")]
    [InlineData(true, """{"name": "a", "savings": null}""", "$.savings")]
    [InlineData(false, """{"name": "a", "savings": {"value": 1}, "title": null}""", "$.title")]
    [InlineData(true, """{"name": "a", "savings": {"value": 1}, "nickname": null, "title": "Dr"}""", null)]
    public async Task JSON_null_for_a_member_the_contract_declares_not_nullable_is_a_bad_request_naming_it(bool withContext, string person, string? refusedPath)
    {
        await using ServerBase server = withContext ? new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort) : new JsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        using var peer = new RequestSocket(server.Endpoint);

        peer.SendFrames(Utf8("Greet"), Utf8(person));
        var reply = peer.ReceiveFrames();

        if (refusedPath is null)
        {
            Assert.Equal("\"Dr a (-)\"", Encoding.UTF8.GetString(Assert.Single(reply)));
        }
        else
        {
            Assert.Matches($"doesn't allow (setting )?null values.* Path: {Regex.Escape(refusedPath)} ", BadRequestMessage(reply));
        }
    }

    [Theory]
    [InlineData(false, """{"length": 1e400, "weight": 1}""", "$.length", "1e400", "System.Double")]
    [InlineData(true, """{"length": -1e400, "weight": 1}""", "$.length", "-1e400", "System.Double")]
    [InlineData(true, """{"length": 1, "weight": 1e39}""", "$.weight", "1e39", "System.Single")]
    public async Task A_JSON_number_beyond_the_range_of_its_double_or_float_is_a_bad_request_naming_it(bool withContext, string measure, string path, string number, string type)
    {
        await using ServerBase server = withContext ? new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort) : new JsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        using var peer = new RequestSocket(server.Endpoint);

        peer.SendFrames(Utf8("Halve"), Utf8(measure));
        var message = BadRequestMessage(peer.ReceiveFrames());
        peer.SendFrames(Utf8("Halve"), Utf8("""{"length": 1.7976931348623157e308, "weight": 3e38}"""));

        Assert.Contains($"Path: {path} ", message, StringComparison.Ordinal);
        Assert.EndsWith($"The number {number} is beyond the range of {type}.", message, StringComparison.Ordinal);
        Assert.Equal("""{"length":8.988465674311579E+307,"weight":1.5E+38}""", Encoding.UTF8.GetString(Assert.Single(peer.ReceiveFrames())));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_DateTime_with_an_offset_from_a_pyzmq_peer_is_read_as_its_instant_in_UTC(bool withContext)
    {
        await using ServerBase server = withContext ? new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort) : new JsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        using var peer = new RequestSocket(server.Endpoint);

        peer.SendFrames(Utf8("Describe"), Utf8("\"2024-01-02T03:04:05.5+05:00\""));
        var withOffset = Encoding.UTF8.GetString(Assert.Single(peer.ReceiveFrames()));
        peer.SendFrames(Utf8("Describe"), Utf8("\"2024-01-02T03:04:05\""));
        var withoutOffset = Encoding.UTF8.GetString(Assert.Single(peer.ReceiveFrames()));

        Assert.Equal("\"2024-01-01T22:04:05.5000000Z Utc\"", withOffset);
        Assert.Equal("\"2024-01-02T03:04:05.0000000 Unspecified\"", withoutOffset);
    }

    [Fact]
    public async Task A_DateTime_crosses_JSON_as_the_same_instant_a_local_one_arriving_as_UTC()
    {
        await using var server = new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        await using var client = new ContextJsonValuesClient(server.Endpoint);
        var utc = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(6789);
        var unspecified = DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);
        var local = utc.ToLocalTime();

        var (utcBack, unspecifiedBack, localBack) = (await client.Echo(utc).Bound(), await client.Echo(unspecified).Bound(), await client.Echo(local).Bound());

        Assert.Equal((utc, DateTimeKind.Utc), (utcBack, utcBack.Kind));
        Assert.Equal((unspecified, DateTimeKind.Unspecified), (unspecifiedBack, unspecifiedBack.Kind));
        Assert.Equal((utc, DateTimeKind.Utc), (localBack, localBack.Kind));
    }

    [Theory]
    [InlineData("""{"length": 1, "weight": 1, "length": 2}""")]
    [InlineData("""{"length": 1, "weight": 1, "Length": 2}""")]
    public async Task A_JSON_object_with_a_key_twice_is_a_bad_request(string measure)
    {
        await using var server = new ContextJsonValuesServer(new JsonValues(), Loopback.AnyPort);
        server.Start();
        using var peer = new RequestSocket(server.Endpoint);

        peer.SendFrames(Utf8("Halve"), Utf8(measure));

        Assert.Contains("Duplicate", BadRequestMessage(peer.ReceiveFrames()), StringComparison.OrdinalIgnoreCase);
    }
}
