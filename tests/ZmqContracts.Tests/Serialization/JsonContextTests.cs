using System;
using System.Text;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using NetMQ.Sockets;
using Xunit;
using ZmqContracts.Runtime;
using ZmqContracts.Tests.RequestReply;
using static ZmqContracts.Tests.RawPeer;

namespace ZmqContracts.Tests.Serialization;

/// <summary>The types of <see cref="IContextCalculator"/>'s Add, and not the <see cref="Unlisted"/> of its Echo.</summary>
[JsonSerializable(typeof(Operands))]
[JsonSerializable(typeof(Sum))]
internal partial class CalculatorJsonContext : JsonSerializerContext;

[Reply(Format = ZmqFormat.Json, JsonContext = typeof(CalculatorJsonContext))]
public interface IContextCalculator
{
    Task<Sum> Add(Operands operands);

    Task<Unlisted> Echo(Unlisted value);
}

public record Unlisted(string Text);

public sealed class ContextCalculator : IContextCalculator
{
    public Task<Sum> Add(Operands operands) => Task.FromResult(new Sum(operands.A + operands.B));

    public Task<Unlisted> Echo(Unlisted value) => Task.FromResult(value);
}

public enum LabelColor
{
    Red,
    Green,
}

public record ShippingLabel(int GramWeight, LabelColor Color);

/// <summary>A context whose own options decide the JSON: snake_case names and enums as text.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ShippingLabel))]
internal partial class SnakeCaseJsonContext : JsonSerializerContext;

/// <summary>A context marked for enums as text alone: its names stay the SDK's, camelCase.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ShippingLabel))]
internal partial class EnumsAsTextJsonContext : JsonSerializerContext;

[Reply(Format = ZmqFormat.Json, JsonContext = typeof(SnakeCaseJsonContext))]
public interface ILabeller
{
    Task<ShippingLabel> Repaint(ShippingLabel label);
}

public sealed class Labeller : ILabeller
{
    public Task<ShippingLabel> Repaint(ShippingLabel label) => Task.FromResult(label with { Color = LabelColor.Green });
}

/// <summary>JSON's path to native AOT: a JsonSerializerContext describes the types, with the wire format of the default JSON serializer.</summary>
public class JsonContextTests
{
    [Fact]
    public async Task A_contract_with_a_JsonContext_speaks_camelCase_JSON_through_the_context_only()
    {
        await using var server = new ContextCalculatorServer(new ContextCalculator(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Add"), Utf8("""{"A": 2, "b": 3}"""));

        Assert.Equal("""{"value":5}""", Encoding.UTF8.GetString(request.ReceiveFrames()[0]));
        await using var client = new ContextCalculatorClient(server.Endpoint);
        Assert.Equal(new Sum(42), await client.Add(new Operands(40, 2)).Bound());
        var failure = await Assert.ThrowsAsync<ZmqPayloadException>(() => client.Echo(new Unlisted("x")).Bound());
        Assert.IsType<NotSupportedException>(failure.InnerException);
        Assert.Contains(nameof(Unlisted), failure.Message);
    }

    [Fact]
    public void A_serializer_made_from_a_context_writes_what_the_default_JSON_serializer_writes()
    {
        var fromContext = new JsonZmqSerializer(new CalculatorJsonContext());
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        fromContext.Serialize(buffer, new Operands(1, 2));

        var byReflection = new System.Buffers.ArrayBufferWriter<byte>();
        ZmqSerializers.Json.Serialize(byReflection, new Operands(1, 2));
        Assert.Equal(Encoding.UTF8.GetString(byReflection.WrittenSpan), Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(new Operands(1, 2), fromContext.Deserialize<Operands>(buffer.WrittenMemory));
    }

    [Fact]
    public async Task A_contract_speaks_JSON_as_the_JsonSourceGenerationOptions_of_its_context_say()
    {
        await using var server = new LabellerServer(new Labeller(), Loopback.AnyPort);
        server.Start();
        using var request = new RequestSocket(server.Endpoint);

        request.SendFrames(Utf8("Repaint"), Utf8("""{"gram_weight": 250, "color": "Red"}"""));

        Assert.Equal("""{"gram_weight":250,"color":"Green"}""", Encoding.UTF8.GetString(Assert.Single(request.ReceiveFrames())));
        await using var client = new LabellerClient(server.Endpoint);
        Assert.Equal(new ShippingLabel(3, LabelColor.Green), await client.Repaint(new ShippingLabel(3, LabelColor.Red)).Bound());
    }

    [Fact]
    public void A_context_marked_for_other_options_keeps_camelCase_names_and_one_made_with_new_speaks_its_attributes_names()
    {
        Assert.Equal("""{"gramWeight":250,"color":"Red"}""", Written(new JsonZmqSerializer(EnumsAsTextJsonContext.Default), new ShippingLabel(250, LabelColor.Red)));
        Assert.Equal("""{"gramWeight":250,"color":"Red"}""", Written(new JsonZmqSerializer(new EnumsAsTextJsonContext()), new ShippingLabel(250, LabelColor.Red)));
        Assert.Equal("""{"gram_weight":250,"color":"Red"}""", Written(new JsonZmqSerializer(new SnakeCaseJsonContext()), new ShippingLabel(250, LabelColor.Red)));

        // Read whatever the names' case, as a context without the attribute reads them.
        Assert.Equal(new ShippingLabel(7, LabelColor.Green), new JsonZmqSerializer(EnumsAsTextJsonContext.Default).Deserialize<ShippingLabel>(Utf8("""{"GramWeight": 7, "COLOR": "Green"}""")));
    }

    private static string Written<T>(JsonZmqSerializer serializer, T value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        serializer.Serialize(buffer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A JIT test cannot take reflection away; this is the exception a native-AOT binary's call would carry.</summary>
    [Fact]
    public void Under_native_AOT_a_JSON_contract_without_a_JsonContext_is_told_that_it_needs_one()
    {
        var missing = new NotSupportedException("'ZmqContracts.Tests.Serialization.Unlisted' is missing native code or metadata.");

        var told = ReflectionJsonSerializer.NeedsJsonContext(missing);

        Assert.StartsWith(missing.Message, told.Message, StringComparison.Ordinal);
        Assert.Contains("set JsonContext = typeof(YourJsonContext) in the contract's attribute", told.Message, StringComparison.Ordinal);
        Assert.EndsWith("(ZMQ0015).", told.Message, StringComparison.Ordinal);
        Assert.Same(missing, told.InnerException);
    }
}
