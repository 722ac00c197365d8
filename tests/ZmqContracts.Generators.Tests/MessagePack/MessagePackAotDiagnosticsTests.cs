using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators.Tests.MessagePack;

public class MessagePackAotDiagnosticsTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Runtime.Serialization;
        using System.Threading.Tasks;
        using MessagePack;
        using MessagePack.Formatters;
        using ZmqContracts;

        """;

    /// <summary>Every shape the generator or MessagePack's built-in resolver writes without code made at run time.</summary>
    private const string SupportedShapes = Usings + """
        public enum Priority { Low, High }

        public record Line(string Sku, int Quantity);

        public class Cart
        {
            public List<Line> Lines { get; set; } = [];
        }

        [MessagePackFormatter(typeof(MoneyFormatter))]
        public record Money(long Cents);

        public sealed class MoneyFormatter : IMessagePackFormatter<Money>
        {
            public void Serialize(ref MessagePackWriter writer, Money value, MessagePackSerializerOptions options) => writer.Write(value.Cents);

            public Money Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(reader.ReadInt64());
        }

        // Arguments given as null are no arguments, as MessagePack reads them.
        [MessagePackFormatter(typeof(LabelFormatter), null)]
        public record Label(string Text);

        public sealed class LabelFormatter : IMessagePackFormatter<Label>
        {
            public void Serialize(ref MessagePackWriter writer, Label value, MessagePackSerializerOptions options) => writer.Write(value.Text);

            public Label Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(reader.ReadString()!);
        }

        public record Tag([property: MessagePackFormatter(typeof(UpperCaseFormatter))] string Text, [property: MessagePackFormatter(typeof(UpperCaseFormatter))] object Note);

        public sealed class UpperCaseFormatter : IMessagePackFormatter<string>, IMessagePackFormatter<object>
        {
            public void Serialize(ref MessagePackWriter writer, string value, MessagePackSerializerOptions options) => writer.Write(value.ToUpperInvariant());

            public string Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.ReadString()!;

            void IMessagePackFormatter<object>.Serialize(ref MessagePackWriter writer, object value, MessagePackSerializerOptions options) => writer.Write(value.ToString());

            object IMessagePackFormatter<object>.Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.ReadString()!;
        }

        public record Order(
            Tag Tag, Label Label, int Id, Line[] Lines, Dictionary<string, Priority?> Flags, (int Count, string Name) Summary, System.Tuple<int, long> Legacy,
            int[,] Grid, ImmutableArray<string> Tags, IImmutableDictionary<string, int> Stock, Money Total, Cart Cart, System.Guid Key, byte[] Blob);

        [Reply]
        public interface IShop
        {
            Task<(int Count, string Name)> Place(Order order, (Line First, Priority Priority)[] extras);
        }

        [Topic("orders")]
        public partial record Placed(Order Order);

        [Pipeline]
        public interface IPacking { Task<Line> Pack(Order order); }
        """;

    private static readonly ImmutableDictionary<string, string> Aot = ImmutableDictionary<string, string>.Empty.Add("PublishAot", "true");

    private static readonly ImmutableDictionary<string, string> AotCompatible = ImmutableDictionary<string, string>.Empty.Add("IsAotCompatible", "true");

    private const string Unwritten = Usings + """
        public record Order(int Id, object Extra);

        [MessagePackObject]
        public class Keyed { [Key(0)] public int Id { get; set; } }

        [DataContract]
        public class Contracted { [DataMember] public int Id { get; set; } }

        public class Bag : List<int> { }

        [MessagePackFormatter(typeof(LevelFormatter), 10)]
        public enum Level { Low, High }

        public sealed class LevelFormatter(int scale) : IMessagePackFormatter<Level>
        {
            public void Serialize(ref MessagePackWriter writer, Level value, MessagePackSerializerOptions options) => writer.Write((int)value * scale);

            public Level Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => (Level)(reader.ReadInt32() / scale);
        }

        public record Stamp(int Id, [property: MessagePackFormatter(typeof(ScaledFormatter), 10)] int Weight, [property: MessagePackFormatter(typeof(ScaledFormatter))] string Text);

        public sealed class ScaledFormatter(int scale) : IMessagePackFormatter<int>
        {
            public ScaledFormatter() : this(1) { }

            public void Serialize(ref MessagePackWriter writer, int value, MessagePackSerializerOptions options) => writer.Write(value * scale);

            public int Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => reader.ReadInt32() / scale;
        }

        public class Secretive
        {
            public int Id { get; set; }

            [IgnoreMember]
            public required string Secret { get; set; }
        }

        [Reply]
        public interface IShop
        {
            Task Place({|ZMQ0019:Order order|});
            {|ZMQ0019:Task<Keyed>|} Find(int id);
            Task Ship({|ZMQ0019:List<Contracted> parcels|}, {|ZMQ0019:Bag bag|}, int[] fine);
            Task Grid({|ZMQ0019:int[,,,,] cells|});
            Task Rank({|ZMQ0019:Level level|});
            Task Weigh({|ZMQ0019:Stamp stamp|});
            {|ZMQ0019:Task<dynamic>|} Loose({|ZMQ0019:dynamic value|});
            Task Keep({|ZMQ0019:Secretive secretive|});
        }

        [Topic("orders")]
        public partial record {|ZMQ0019:Placed|}(Order Order);

        [Pipeline]
        public interface IPacking { Task Pack({|ZMQ0019:(int Id, object Tag) item|}); }

        [Reply(Format = ZmqFormat.Json)]
        public interface IJsonShop { Task Place(Order order); }
        """;

    [Fact]
    public Task ZMQ0019_types_without_a_formatter_in_a_native_AOT_project() => DiagnosticMarkup.VerifyAsync(new MessagePackAotAnalyzer(), Unwritten, Aot);

    [Fact]
    public Task ZMQ0019_types_without_a_formatter_in_an_AOT_compatible_library() => DiagnosticMarkup.VerifyAsync(new MessagePackAotAnalyzer(), Unwritten, AotCompatible);

    [Fact]
    public Task Types_without_a_formatter_are_fine_where_code_can_be_generated_at_run_time() =>
        DiagnosticMarkup.VerifyAsync(new MessagePackAotAnalyzer(), Unwritten.Replace("{|ZMQ0019:", "").Replace("|}", ""));

    [Fact]
    public Task Tuples_grids_immutable_collections_own_formatters_and_the_generated_shapes_are_fine_under_AOT() =>
        DiagnosticMarkup.VerifyAsync(new MessagePackAotAnalyzer(), SupportedShapes, Aot);

    [Fact]
    public async Task A_type_the_generated_code_cannot_see_gets_only_the_compilers_error_where_it_has_one()
    {
        var marked = Usings + """
            public partial class Outer
            {
                private record Hidden(int Id);

                public record Holder(int Id, Hidden Inner);

                [Reply]
                public interface IHiddenShop
                {
                    Task Send(Hidden hidden);
                    Task<List<Hidden>> All();
                    Task Hold(Holder holder);
                }

                [Topic("secret")]
                private partial record {|ZMQ0019:Secret|}(int Id);
            }

            [Topic("held")]
            public partial record Held(Outer.Holder Holder);
            """;

        await DiagnosticMarkup.VerifyAsync(new MessagePackAotAnalyzer(), marked, Aot);
        var source = marked.Replace("{|ZMQ0019:", "").Replace("|}", "");
        Assert.Equal(
            ["CS0051 at Holder", "CS0051 at Send", "CS0050 at All"],
            GeneratorHarness.Compile(source).GetDiagnostics()
                .Where(diagnostic => diagnostic.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
                .Select(diagnostic => $"{diagnostic.Id} at {source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}")
                .Distinct());
    }

    [Fact]
    public async Task ZMQ0019_names_the_member_path_and_why()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new MessagePackAotAnalyzer(), Aot, Unwritten.Replace("{|ZMQ0019:", "").Replace("|}", ""));

        Assert.Equal(
            [
                "Parameter 'order' of IShop.Place: Order.Extra: object has no formatter written at build time (MessagePack picks a formatter for each value by its type at run time); under native AOT MessagePack cannot make one at run time",
                "The result of IShop.Find: Keyed has no formatter written at build time (MessagePack writes a type marked [MessagePackObject] with code it generates at run time); under native AOT MessagePack cannot make one at run time",
                "Parameter 'parcels' of IShop.Ship: Contracted has no formatter written at build time (MessagePack writes a type marked [DataContract] with code it generates at run time); under native AOT MessagePack cannot make one at run time",
                "Parameter 'bag' of IShop.Ship: Bag has no formatter written at build time (MessagePack makes the formatter of a collection it has none built in for at run time); under native AOT MessagePack cannot make one at run time",
                "Parameter 'cells' of IShop.Grid: int[*,*,*,*,*] has no formatter written at build time (MessagePack writes arrays of up to four dimensions); under native AOT MessagePack cannot make one at run time",
                "Parameter 'level' of IShop.Rank: Level has no formatter written at build time (MessagePack creates by reflection a [MessagePackFormatter] that takes arguments, is not public or has no public parameterless constructor); under native AOT MessagePack cannot make one at run time",
                "Parameter 'stamp' of IShop.Weigh: Stamp has no formatter written at build time (its member Weight has a [MessagePackFormatter] that MessagePack creates by reflection: one that takes arguments, is not public, has no public parameterless constructor or does not format int); under native AOT MessagePack cannot make one at run time",
                "The result of IShop.Loose: dynamic has no formatter written at build time (MessagePack picks a formatter for each dynamic value by its type at run time); under native AOT MessagePack cannot make one at run time",
                "Parameter 'value' of IShop.Loose: dynamic has no formatter written at build time (MessagePack picks a formatter for each dynamic value by its type at run time); under native AOT MessagePack cannot make one at run time",
                "Parameter 'secretive' of IShop.Keep: Secretive has no formatter written at build time (its required member Secret is ignored or not public, so not sent, and generated code cannot create the type without setting it); under native AOT MessagePack cannot make one at run time",
                "The message Placed: Placed.Order.Extra: object has no formatter written at build time (MessagePack picks a formatter for each value by its type at run time); under native AOT MessagePack cannot make one at run time",
                "Parameter 'item' of IPacking.Pack: object has no formatter written at build time (MessagePack picks a formatter for each value by its type at run time); under native AOT MessagePack cannot make one at run time",
            ],
            diagnostics.Select(diagnostic => diagnostic.GetMessage(CultureInfo.InvariantCulture)));
    }
}
