using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Serialization;

public class SerializerTests
{
    public static TheoryData<string> Names => ["msgpack", "json"];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Every_shape_round_trips_with_each_structured_serializer(string name)
    {
        var serializer = ZmqSerializers.ByName(name);
        await using var served = ServedShapes.Start(new ZmqServerOptions { Serializer = serializer }, new ZmqClientOptions { Serializer = serializer });

        Assert.Equal(new Sum(5), await served.Client.Add(new Operands(2, 3)).Bound());
        Assert.Equal(6, await served.Client.Sum(1, 2, 3).Bound());
        Assert.Null(await served.Client.Maybe(null).Bound());
        Assert.Equal(new byte[] { 2, 1 }, await served.Client.Reverse([1, 2]).Bound());
        Assert.Equal([new Sum(1)], await served.Client.Totals(new Dictionary<string, int[]> { ["x"] = [1] }).Bound());
        await served.Client.Store(1, "one", CancellationToken.None).Bound();
    }

    [Fact]
    public void Json_keys_are_snake_case_through_a_naming_policy_or_a_property_name_as_docs_pipeline_md_shows()
    {
        var snakeCase = new JsonZmqSerializer(new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower });

        Assert.Equal("""{"consumer_id":42,"num":7}""", Written(snakeCase, new Interop.WorkResultOfConsumer(42, 7)));
        Assert.Equal("""{"consumer_id":42,"num":7}""", Written(ZmqSerializers.Json, new Interop.ConsumerResult(42, 7)));
        Assert.Equal(new Interop.ConsumerResult(42, 7), ZmqSerializers.Json.Deserialize<Interop.ConsumerResult>("""{"consumer_id":42,"num":7}"""u8.ToArray()));

        static string Written<T>(IZmqSerializer serializer, T value)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            serializer.Serialize(buffer, value);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    [Fact]
    public async Task Json_is_camelCase_on_the_wire_and_read_case_insensitively()
    {
        await using var server = new ShapesServer(new Shapes(), Loopback.AnyPort, new ZmqServerOptions { Serializer = ZmqSerializers.Json });
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Add"), Utf8("""{"A": 2, "b": 3}"""));

        Assert.Equal("""{"value":5}""", Encoding.UTF8.GetString(request.ReceiveFrames()[0]));
    }

    [Fact]
    public async Task A_JSON_number_sent_as_text_is_refused_as_MessagePack_refuses_it_unless_options_of_your_own_allow_it()
    {
        await using var strict = new ShapesServer(new Shapes(), Loopback.AnyPort, new ZmqServerOptions { Serializer = ZmqSerializers.Json });
        strict.Start();
        var allowing = new JsonZmqSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString });
        await using var lenient = new ShapesServer(new Shapes(), Loopback.AnyPort, new ZmqServerOptions { Serializer = allowing });
        lenient.Start();
        using var toStrict = new RequestSocket(strict.Endpoint);
        using var toLenient = new RequestSocket(lenient.Endpoint);

        toStrict.SendFrames(Utf8("Add"), Utf8("""{"a": "2", "b": 3}"""));
        var refusal = toStrict.ReceiveFrames();
        toLenient.SendFrames(Utf8("Add"), Utf8("""{"a": "2", "b": 3}"""));

        Assert.Equal("bad-request", ErrorCode(refusal));
        using var error = JsonDocument.Parse(refusal[1]);
        Assert.Contains("argument 0 of Add: 18 bytes could not be read as ZmqContracts.Tests.RequestReply.Operands with the json serializer", error.RootElement.GetProperty("message").GetString());
        Assert.Equal("""{"value":5}""", Encoding.UTF8.GetString(Assert.Single(toLenient.ReceiveFrames())));
    }

    [Fact]
    public async Task Raw_passes_bytes_and_strings_through_verbatim()
    {
        var options = new ZmqServerOptions { Serializer = ZmqSerializers.Raw };
        await using var server = new GreeterServer(new Greeter(), Loopback.AnyPort, options);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("A message"));

        Assert.Equal("Hello, A message", Encoding.UTF8.GetString(request.ReceiveFrames()[0]));
        await using var client = new GreeterClient(server.Endpoint, new ZmqClientOptions { Serializer = ZmqSerializers.Raw });
        Assert.Equal("Hello, ✓", await client.Greet("✓").Bound());
    }

    [Fact]
    public async Task Raw_refuses_a_string_with_a_lone_surrogate_before_anything_is_sent_rather_than_send_another_text()
    {
        var options = new ZmqServerOptions { Serializer = ZmqSerializers.Raw };
        await using var server = new GreeterServer(new Greeter(), Loopback.AnyPort, options);
        server.Start();
        await using var client = new GreeterClient(server.Endpoint, new ZmqClientOptions { Serializer = ZmqSerializers.Raw });

        var failure = await Assert.ThrowsAsync<ZmqPayloadException>(() => client.Greet("a\uD800b").Bound());

        Assert.StartsWith("argument 0 of Greet: a System.String could not be written with the raw serializer", failure.Message, StringComparison.Ordinal);
        Assert.IsType<EncoderFallbackException>(failure.InnerException);
        Assert.Equal("Hello, a\U0001F600b", await client.Greet("a\U0001F600b").Bound());
    }

    [Fact]
    public async Task A_contract_states_its_format_once_and_options_may_override_it()
    {
        await using var server = new JsonGreeterServer(new JsonGreeter(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("\"pyzmq\""));

        Assert.Equal("\"Hello, pyzmq\"", Encoding.UTF8.GetString(request.ReceiveFrames()[0]));
        await using var client = new JsonGreeterClient(server.Endpoint);
        Assert.Equal("Hello, typed", await client.Greet("typed").Bound());
        await using var overriding = new JsonGreeterClient(server.Endpoint, new ZmqClientOptions { Serializer = ZmqSerializers.MessagePack });
        Assert.Equal(ZmqErrorCode.BadRequest, (await Assert.ThrowsAsync<ZmqRemoteException>(() => overriding.Greet("x").Bound())).Code);
    }

    [Fact]
    public async Task A_type_the_raw_serializer_cannot_carry_fails_the_call_before_anything_is_sent()
    {
        await using var served = ServedShapes.Start(clientOptions: new ZmqClientOptions { Serializer = ZmqSerializers.Raw });

        var failure = await Assert.ThrowsAsync<ZmqPayloadException>(() => served.Client.Add(new Operands(1, 2)).Bound());

        Assert.Contains("raw", failure.Message);
        Assert.IsType<NotSupportedException>(failure.InnerException);
    }

    [Fact]
    public async Task A_client_and_server_that_disagree_on_the_format_get_a_clear_error_and_the_server_goes_on()
    {
        await using var served = ServedShapes.Start(clientOptions: new ZmqClientOptions { Serializer = ZmqSerializers.Json });

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Add(new Operands(1, 2)).Bound());

        Assert.Equal(ZmqErrorCode.BadRequest, failure.Code);
        Assert.Contains("msgpack", failure.Message);
        await using var agreeing = new ShapesClient(served.Server.Endpoint);
        Assert.Equal(new Sum(3), await agreeing.Add(new Operands(1, 2)).Bound());
    }

    [Fact]
    public async Task A_JSON_number_sent_to_a_MessagePack_server_is_refused_not_read_as_the_value_of_its_first_byte()
    {
        // JSON's 10 is the bytes "10", whose first, 0x31, is MessagePack's 49: a frame with bytes after its value is refused.
        await using var served = ServedShapes.Start(clientOptions: new ZmqClientOptions { Serializer = ZmqSerializers.Json });

        var failure = await Assert.ThrowsAsync<ZmqRemoteException>(() => served.Client.Sum(10, 20, 12).Bound());

        Assert.Equal(ZmqErrorCode.BadRequest, failure.Code);
        Assert.Contains("argument 0 of Sum: 2 bytes could not be read as System.Int32 with the msgpack serializer", failure.Message);
        Assert.Contains("1 of the frame's 2 bytes are left after its System.Int32 value", failure.Message);
        await using var agreeing = new ShapesClient(served.Server.Endpoint);
        Assert.Equal(42, await agreeing.Sum(10, 20, 12).Bound());
    }

    [Fact]
    public async Task A_result_its_format_cannot_write_fails_the_call_saying_so_not_that_the_handler_threw()
    {
        await using var server = new JsonDividerServer(new JsonDivider(), Loopback.AnyPort);
        server.Start();
        await using var client = new JsonDividerClient(server.Endpoint);

        var failed = await Assert.ThrowsAsync<ZmqRemoteException>(() => client.Ratio(0, 0).Bound());

        Assert.Equal(ZmqErrorCode.HandlerFailed, failed.Code);
        Assert.Contains("the handler's result could not be written, logged as error", failed.Message);
        Assert.Equal(0.5, await client.Ratio(1, 2).Bound());
    }
}

[Reply(Format = ZmqFormat.Json)]
public interface IJsonGreeter
{
    Task<string> Greet(string name);
}

public sealed class JsonGreeter : IJsonGreeter
{
    public Task<string> Greet(string name) => Task.FromResult($"Hello, {name}");
}

[Reply(Format = ZmqFormat.Json)]
public interface IJsonDivider
{
    /// <summary><paramref name="a"/> / <paramref name="b"/>: NaN or infinity, which JSON cannot write, for a <paramref name="b"/> of 0.</summary>
    Task<double> Ratio(double a, double b);
}

public sealed class JsonDivider : IJsonDivider
{
    public Task<double> Ratio(double a, double b) => Task.FromResult(a / b);
}
