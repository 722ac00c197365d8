using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Generators.RequestReply;

namespace ZmqContracts.Generators.Tests.Json;

/// <summary>ZMQ0007 and System.Text.Json's polymorphism: an abstract type that lists its derived types is fine in a JSON contract.</summary>
public class JsonPolymorphismDiagnosticsTests
{
    private const string Marked = ContractSource.Usings + """
        using System.Text.Json.Serialization;

        [Reply(Format = ZmqFormat.Json)]
        public interface IDrawing
        {
            Task<Shape> Grow(Shape shape, CancellationToken cancellationToken = default);
            Task<List<ITagged>> Tags(Shape[] shapes, CancellationToken cancellationToken = default);
            Task Paint({|ZMQ0007:Unlisted unlisted|}, CancellationToken cancellationToken = default);
            Task Mark({|ZMQ0007:Unnamed unnamed|}, CancellationToken cancellationToken = default);
            Task Hold({|ZMQ0007:Holder holder|}, CancellationToken cancellationToken = default);
            Task Stray({|ZMQ0007:Stray stray|}, CancellationToken cancellationToken = default);
        }

        [Reply]
        public interface IPackedDrawing
        {
            Task Grow({|ZMQ0007:Shape shape|}, CancellationToken cancellationToken = default);
        }

        [JsonPolymorphic]
        [JsonDerivedType(typeof(Circle), "circle")]
        [JsonDerivedType(typeof(Square), "square")]
        public abstract record Shape;
        public sealed record Circle(double Radius) : Shape;
        public sealed record Square(double Side) : Shape;

        [JsonDerivedType(typeof(Label), 1)]
        public interface ITagged { string Text { get; } }
        public sealed record Label(string Text) : ITagged;

        [JsonPolymorphic]
        public abstract record Unlisted;

        [JsonDerivedType(typeof(Named))]
        public abstract record Unnamed;
        public sealed record Named(string Name) : Unnamed;

        [JsonDerivedType(typeof(Streamed), "streamed")]
        public abstract record Holder;
        public sealed record Streamed(System.IO.Stream Data) : Holder;

        [JsonDerivedType(typeof(Circle), "circle")]
        public abstract record Stray;
        """;

    [Fact]
    public Task ZMQ0007_accepts_an_abstract_type_that_lists_its_derived_types_with_discriminators_in_a_JSON_contract_only() =>
        DiagnosticMarkup.VerifyAsync(new ReplyContractAnalyzer(), Marked);

    [Fact]
    public async Task ZMQ0007_says_what_keeps_a_JSON_abstract_type_from_being_read()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new ReplyContractAnalyzer(), Marked.Replace("{|ZMQ0007:", "").Replace("|}", ""));

        Assert.Equal(
            [
                "Parameter 'unlisted' of IDrawing.Paint: Unlisted cannot be serialized: the receiving side cannot create an instance of an abstract class; use a concrete type, or list its derived types with [JsonDerivedType(typeof(Derived), \"derived\")]",
                "Parameter 'unnamed' of IDrawing.Mark: Unnamed cannot be serialized: [JsonDerivedType(typeof(Named))] gives Named no type discriminator, so its JSON does not say which type to create: give it one, [JsonDerivedType(typeof(Named), \"named\")]",
                "Parameter 'holder' of IDrawing.Hold: Streamed.Data: System.IO.Stream cannot be serialized: a stream is a handle on data, not data; send its bytes as byte[] or ReadOnlyMemory<byte>",
                "Parameter 'stray' of IDrawing.Stray: Stray cannot be serialized: [JsonDerivedType(typeof(Circle))] lists a type that does not derive from Stray",
                "Parameter 'shape' of IPackedDrawing.Grow: Shape cannot be serialized: the receiving side cannot create an instance of an abstract class; use a concrete type",
            ],
            diagnostics.Select(diagnostic => diagnostic.GetMessage(CultureInfo.InvariantCulture)));
    }
}
