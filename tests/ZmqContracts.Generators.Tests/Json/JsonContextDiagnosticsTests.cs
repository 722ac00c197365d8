using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Generators.Json;

namespace ZmqContracts.Generators.Tests.Json;

public class JsonContextDiagnosticsTests
{
    private const string Sources = """
        using System.Text.Json.Serialization;
        using System.Threading.Tasks;
        using ZmqContracts;

        public record Order(int Id);

        [JsonSerializable(typeof(Order))]
        public partial class ShopJsonContext : JsonSerializerContext
        {
            public ShopJsonContext() : base(null) { }
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
        }

        """;

    private static readonly ImmutableDictionary<string, string> Aot = ImmutableDictionary<string, string>.Empty.Add("PublishAot", "true");

    [Fact]
    public Task ZMQ0015_json_without_a_context_in_a_native_AOT_project() => DiagnosticMarkup.VerifyAsync(new JsonContextAnalyzer(), Sources + """
        [{|ZMQ0015:Reply(Format = ZmqFormat.Json)|}]
        public interface IShop { Task Place(Order order); }

        [{|ZMQ0015:Topic("orders", Format = ZmqFormat.Json)|}]
        public partial record Placed(int Id);

        [Pipeline(Format = ZmqFormat.Json, JsonContext = typeof(ShopJsonContext))]
        public interface IPacking { Task Pack(Order order); }

        [Reply]
        public interface IMessagePackShop { Task Place(Order order); }
        """, Aot);

    [Fact]
    public Task Json_without_a_context_is_fine_where_reflection_is() => DiagnosticMarkup.VerifyAsync(new JsonContextAnalyzer(), Sources + """
        [Reply(Format = ZmqFormat.Json)]
        public interface IShop { Task Place(Order order); }
        """);

    [Fact]
    public Task ZMQ0015_a_JsonContext_that_cannot_be_used() => DiagnosticMarkup.VerifyAsync(new JsonContextAnalyzer(), Sources + """
        [{|ZMQ0015:Reply(Format = ZmqFormat.Json, JsonContext = typeof(Order))|}]
        public interface IShop { Task Place(Order order); }

        [{|ZMQ0015:Pipeline(JsonContext = typeof(ShopJsonContext))|}]
        public interface IPacking { Task Pack(Order order); }
        """);

    [Fact]
    public async Task ZMQ0015_says_what_to_do()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new JsonContextAnalyzer(), Aot, Sources + """
            [Reply(Format = ZmqFormat.Json)]
            public interface IShop { Task Place(Order order); }
            """);

        Assert.Equal(
            "IShop is JSON in a native-AOT project (PublishAot or IsAotCompatible), where System.Text.Json cannot describe types by reflection: set JsonContext = typeof(YourJsonContext), a JsonSerializerContext that lists the types it sends",
            diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
