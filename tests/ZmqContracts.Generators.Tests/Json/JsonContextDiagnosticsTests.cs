using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Generators.Json;
using ZmqContracts.Generators.PubSub;
using ZmqContracts.Generators.RequestReply;

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

    [Theory]
    [InlineData("PublishAot")]
    [InlineData("IsAotCompatible")]
    [InlineData("PublishTrimmed")]
    [InlineData("IsTrimmable")]
    public Task ZMQ0015_json_without_a_context_in_a_trimmed_or_native_AOT_project(string property) => DiagnosticMarkup.VerifyAsync(new JsonContextAnalyzer(), Sources + """
        [{|ZMQ0015:Reply(Format = ZmqFormat.Json)|}]
        public interface IShop { Task Place(Order order); }

        [{|ZMQ0015:Topic("orders", Format = ZmqFormat.Json)|}]
        public partial record Placed(int Id);

        [Pipeline(Format = ZmqFormat.Json, JsonContext = typeof(ShopJsonContext))]
        public interface IPacking { Task Pack(Order order); }

        [Reply]
        public interface IMessagePackShop { Task Place(Order order); }
        """, ImmutableDictionary<string, string>.Empty.Add(property, "true"));

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
    public Task A_JsonContext_the_compiler_cannot_bind_is_left_to_its_errors() => DiagnosticMarkup.VerifyAsync(new JsonContextAnalyzer(), Sources + """
        [Reply(Format = ZmqFormat.Json, JsonContext = typeof(Missing))]
        public interface IShop { Task Place(Order order); }

        [Pipeline(JsonContext = typeof(Missing))]
        public interface IPacking { Task Pack(Order order); }

        [Topic("placed", Format = ZmqFormat.Json, JsonContext = typeof())]
        public partial record Placed(int Id);
        """, Aot);

    [Fact]
    public async Task ZMQ0015_a_JsonContext_the_generated_code_cannot_see_and_no_code_that_does_not_compile()
    {
        const string Contracts = Sources + """
            public static partial class Outer
            {
                [Reply(Format = ZmqFormat.Json, JsonContext = typeof(HiddenContext))]
                public interface IShop { Task Place(Order order); }

                private sealed class HiddenContext : JsonSerializerContext
                {
                    public HiddenContext() : base(null) { }
                    protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                    public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
                }
            }

            [Topic("placed", Format = ZmqFormat.Json, JsonContext = typeof(FileContext))]
            public partial record Placed(int Id);

            file sealed class FileContext : JsonSerializerContext
            {
                public FileContext() : base(null) { }
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
            }
            """;

        var diagnostics = await GeneratorHarness.AnalyzeAsync(new JsonContextAnalyzer(), Contracts);

        Assert.Equal(
            [
                "IShop names JsonContext = Outer.HiddenContext, which the generated code cannot see, because HiddenContext is private: make HiddenContext internal or public",
                "Placed names JsonContext = FileContext, which the generated code cannot see, because FileContext is file-local: make FileContext internal or public",
            ],
            diagnostics.Select(diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotEmpty(GeneratorHarness.Generate(new ReplyGenerator(), Contracts));
        Assert.NotEmpty(GeneratorHarness.Generate(new TopicGenerator(), Contracts));
    }

    [Fact]
    public async Task ZMQ0015_says_what_to_do()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new JsonContextAnalyzer(), Aot, Sources + """
            [Reply(Format = ZmqFormat.Json)]
            public interface IShop { Task Place(Order order); }
            """);

        Assert.Equal(
            "IShop is JSON in a trimmed or native-AOT project (PublishTrimmed, IsTrimmable, PublishAot or IsAotCompatible), where System.Text.Json cannot describe types by reflection: set JsonContext = typeof(YourJsonContext), a JsonSerializerContext that lists the types it sends",
            diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
