using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using ZmqContracts.Generators.PubSub;

namespace ZmqContracts.Generators.Tests.PubSub;

public class TopicDiagnosticsTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using ZmqContracts;

        """;

    private static Task Verify(string markedSource) => DiagnosticMarkup.VerifyAsync(new TopicAnalyzer(), Usings + markedSource);

    [Fact]
    public Task ZMQ0012_and_ZMQ0013_a_format_a_message_cannot_have() => Verify("""
        [{|ZMQ0012:Topic("odd", Format = (ZmqFormat)9)|}]
        public partial record Odd(string Text);

        [Topic("raw", Format = ZmqFormat.Raw)]
        public partial record RawText(string Text);

        [Topic("raw.number", Format = ZmqFormat.Raw)]
        public partial record RawNumber({|ZMQ0013:int Value|});

        [Topic("json", Format = ZmqFormat.Json)]
        public partial record JsonText(string Text);
        """);

    [Fact]
    public Task ZMQ0111_a_raw_message_of_other_than_one_property_with_its_constructor() => Verify("""
        [Topic("raw.two", Format = ZmqFormat.Raw)]
        public partial record {|ZMQ0111:TwoTexts|}(string First, string Second);

        [Topic("raw.none", Format = ZmqFormat.Raw)]
        public partial record {|ZMQ0111:Nothing|};

        [Topic("raw.settable", Format = ZmqFormat.Raw)]
        public partial class {|ZMQ0111:Settable|}
        {
            public string Text { get; set; } = "";
        }

        [Topic("raw.bytes", Format = ZmqFormat.Raw)]
        public partial record RawBytes(byte[] Data);

        [Topic("raw.memory", Format = ZmqFormat.Raw)]
        public partial record struct RawMemory(ReadOnlyMemory<byte> Data);

        [Topic("raw.class", Format = ZmqFormat.Raw)]
        public partial class RawClass
        {
            public RawClass(string? text) => Text = text;

            public string? Text { get; }
        }

        [Topic("raw.abstract", Format = ZmqFormat.Raw)]
        public abstract partial class {|ZMQ0111:RawAbstract|}
        {
            public RawAbstract(string text) => Text = text;

            public string Text { get; }
        }

        [Topic("raw.static", Format = ZmqFormat.Raw)]
        public static partial class {|ZMQ0111:RawStatic|}
        {
        }

        [Topic("raw.ref", Format = ZmqFormat.Raw)]
        public ref partial struct {|ZMQ0111:RawRef|}
        {
            public RawRef(string text) => Text = text;

            public string Text { get; }
        }

        [Topic("raw.byref", Format = ZmqFormat.Raw)]
        public partial class {|ZMQ0111:RawByRef|}
        {
            public RawByRef(ref string text) => Text = text;

            public string Text { get; }
        }

        [Topic("raw.writeonly", Format = ZmqFormat.Raw)]
        public partial class {|ZMQ0111:RawWriteOnly|}
        {
            private string _text = "";

            public RawWriteOnly(string text) => _text = text;

            public string Text { set => _text = value; }
        }

        public class PrivateText
        {
            private string Text { get; } = "";
        }

        [Topic("raw.inherited", Format = ZmqFormat.Raw)]
        public partial class {|ZMQ0111:RawInherited|} : PrivateText
        {
            public RawInherited(string text) { }
        }

        [Topic("static.messagepack")]
        public static partial class {|ZMQ0007:StaticMessage|}
        {
        }
        """);

    [Fact]
    public async Task ZMQ0111_a_raw_message_whose_property_may_be_null_and_whose_constructor_takes_no_null()
    {
        const string Messages = Usings + """
            [Topic("raw.nullable", Format = ZmqFormat.Raw)]
            public partial class RawNullable
            {
                public RawNullable(string text) => Text = text;

                public string? Text { get; }
            }

            [Topic("raw.accepted", Format = ZmqFormat.Raw)]
            public partial class RawAccepted
            {
                public RawAccepted(string? text) => Text = text;

                public string? Text { get; }
            }
            """;

        var diagnostics = await GeneratorHarness.AnalyzeAsync(new TopicAnalyzer(), Messages);

        Assert.Equal(
            "RawNullable states Format = ZmqFormat.Raw, but its property Text may be null and its constructor takes a string that may not: let the constructor take a string?: a raw message is sent as its one property verbatim, so give it exactly one property, a string or bytes, and a constructor that takes it (a positional record such as record RawNullable(string Text))",
            Assert.Single(diagnostics, diagnostic => diagnostic.Id == "ZMQ0111").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["RawAccepted.Topic.g.cs"], GeneratorHarness.Generate(new TopicGenerator(), Messages).Select(file => file.HintName));
    }

    [Fact]
    public Task ZMQ0020_what_the_generated_part_reads_is_obsolete_as_an_error() => Verify("""
        [Obsolete("gone", true)]
        public enum OldSide { Buy, Sell }

        [Obsolete("use Trade")]
        [Topic("orders.{|ZMQ0020:{Id}|}.{|ZMQ0020:{Side}|}")]
        public partial record Order([property: Obsolete("gone", true)] string Id, OldSide Side);

        [Topic("quotes.{|ZMQ0020:{Id}|}")]
        public partial record Quote([property: Obsolete("gone", true)] string Id);

        [Topic("raw.retired", Format = ZmqFormat.Raw)]
        public partial class RawRetired
        {
            public RawRetired(string text) => Text = text;

            [Obsolete("gone", true)]
            public string {|ZMQ0020:Text|} { get; }
        }

        [Topic("raw.made", Format = ZmqFormat.Raw)]
        public partial class {|ZMQ0020:RawMade|}
        {
            [Obsolete("gone", true)]
            public RawMade(string text) => Text = text;

            public string Text { get; }
        }

        [Obsolete("gone", true)]
        [Topic("retired.{Id}")]
        public partial record Retired(string Id);
        """);

    [Fact]
    public Task ZMQ0007_a_message_with_a_member_that_cannot_be_serialized() => Verify("""
        [Topic("uploads")]
        public partial record {|ZMQ0007:Upload|}(string Name, System.IO.Stream Content);

        [Topic("jobs", Format = ZmqFormat.Json)]
        public partial record {|ZMQ0007:Job|}(List<Step> Steps);

        public record Step(Action Run);
        """);

    [Fact]
    public Task Valid_topics_have_no_diagnostics() => Verify("""
        [Topic("client1")]
        public partial record Client1Message(string Text);

        [Topic("client2")]
        public partial record Client2Message(string Text);

        [Topic("prices.{Symbol}.{Venue}")]
        public partial record Price(string Symbol, int Venue, decimal Bid);
        """);

    [Fact]
    public Task ZMQ0101_type_or_containing_type_not_partial() => Verify("""
        [Topic("client1")]
        public record {|ZMQ0101:Client1Message|}(string Text);

        public class {|ZMQ0101:Outer|}
        {
            [Topic("client2")]
            public partial record Client2Message(string Text);
        }
        """);

    [Fact]
    public Task ZMQ0102_empty_or_whitespace_topic() => Verify("""
        [Topic({|ZMQ0102:""|})]
        public partial record Nothing(string Text);

        [Topic({|ZMQ0102:"  "|})]
        public partial record Blank(string Text);
        """);

    [Fact]
    public Task ZMQ0103_the_same_topic_on_two_types() => Verify("""
        [Topic({|ZMQ0103:"client1"|})]
        public partial record Client1Message(string Text);

        [Topic({|ZMQ0103:"client1"|})]
        public partial record AlsoClient1(string Text);

        [Topic({|ZMQ0103:"prices.{Symbol}"|})]
        public partial record Price(string Symbol);

        [Topic({|ZMQ0103:"prices.{Ticker}"|})]
        public partial record Quote(string Ticker);
        """);

    [Fact]
    public async Task Types_of_one_name_whose_topics_clash_are_named_by_their_full_names()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new TopicAnalyzer(), Usings + """
            namespace V1
            {
                [Topic("evo.news")] public partial record News(string Text);
                [Topic("alerts")] public partial record Alert(string Text);
                [Topic("quotes.{Symbol}")] public partial record Quote(string Symbol);
            }

            namespace V2
            {
                [Topic("evo.news")] public partial record News(string Text);
                [Topic("alerts.{Kind}")] public partial record Alert(string Kind);
                [Topic("quotes.{Symbol}.top")] public partial record Quote(string Symbol);
            }
            """);

        Assert.Equal(
            [
                "The topic 'alerts' of V1.Alert is a prefix of the topic 'alerts.{Kind}' of V2.Alert: ZeroMQ delivers V2.Alert messages to subscribers of V1.Alert too, where they are filtered out again; consider topics that do not start with one another",
                "The topics of V1.Quote ('quotes.{Symbol}') and V2.Quote ('quotes.{Symbol}.top') meet: a placeholder takes any text, so some topic is one of both, and a subscriber of every message of one reads such a message of the other as its own; give them topics that cannot meet",
                "The topics of V2.Quote ('quotes.{Symbol}.top') and V1.Quote ('quotes.{Symbol}') meet: a placeholder takes any text, so some topic is one of both, and a subscriber of every message of one reads such a message of the other as its own; give them topics that cannot meet",
                "V1.News and V2.News have the same topic 'evo.news': a subscriber could not tell their messages apart; give each a topic of its own",
                "V2.News and V1.News have the same topic 'evo.news': a subscriber could not tell their messages apart; give each a topic of its own",
            ],
            diagnostics.Select(diagnostic => diagnostic.GetMessage()).Order(System.StringComparer.Ordinal));
    }

    [Fact]
    public Task ZMQ0104_a_topic_that_is_a_prefix_of_another() => Verify("""
        [Topic({|ZMQ0104:"client1"|})]
        public partial record Client1Message(string Text);

        [Topic("client1cient2")]
        public partial record Client2Message(string Text);

        [Topic("alerts.{Kind}")]
        public partial record Alert(string Kind);

        [Topic({|ZMQ0104:"alerts"|})]
        public partial record AllClear(string Text);
        """);

    [Fact]
    public async Task ZMQ0104_on_a_template_names_the_text_before_its_first_placeholder_as_the_prefix()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new TopicAnalyzer(), Usings + """
            [Topic("trades.{Symbol}.buy")]
            public partial record Buy(string Symbol);

            [Topic("trades.{Symbol}.sell")]
            public partial record Sell(string Symbol);
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(
            "The topic 'trades.{Symbol}.buy' of Buy starts with 'trades.', a prefix of the topic 'trades.{Symbol}.sell' of Sell: ZeroMQ delivers Sell messages to subscribers of Buy too, where they are filtered out again; consider topics that do not start with one another",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("\"trades.{Symbol}.buy\"", diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public Task ZMQ0105_placeholder_that_names_no_property() => Verify("""
        [Topic("prices.{|ZMQ0105:{Sym}|}")]
        public partial record Price(string Symbol);
        """);

    [Fact]
    public Task ZMQ0106_placeholder_of_a_type_that_cannot_be_written_into_a_topic() => Verify("""
        [Topic("prices.{|ZMQ0106:{Bid}|}.{|ZMQ0106:{When}|}.{|ZMQ0106:{Tags}|}.{|ZMQ0106:{Count}|}")]
        public partial record Price(decimal Bid, DateTime When, List<string> Tags, int? Count);
        """);

    [Fact]
    public Task ZMQ0107_malformed_templates() => Verify("""
        [Topic("prices.{|ZMQ0107:{|}Symbol")]
        public partial record Unclosed(string Symbol);

        [Topic("prices.Symbol{|ZMQ0107:}|}")]
        public partial record Unopened(string Symbol);

        [Topic("prices.{|ZMQ0107:{}|}")]
        public partial record Empty(string Symbol);

        [Topic("prices.{Symbol}{|ZMQ0107:{Venue}|}")]
        public partial record Adjacent(string Symbol, string Venue);

        [Topic("prices.{Symbol}.{|ZMQ0107:{Symbol}|}")]
        public partial record Twice(string Symbol);
        """);

    [Fact]
    public async Task ZMQ0107_a_lone_surrogate_in_the_topics_own_text_of_a_template_or_a_topic()
    {
        const string Marked = """
            [Topic({|ZMQ0107:"prices\uD800.{Symbol}"|})]
            public partial record Price(string Symbol);

            [Topic({|ZMQ0107:"alerts\uDC00"|})]
            public partial record Alert(string Text);

            [Topic("quotes.\uD83D\uDE00.{Symbol}")]
            public partial record Quote(string Symbol);
            """;

        await Verify(Marked);
        var source = Usings + Marked.Replace("{|ZMQ0107:", "").Replace("|}", "");
        Assert.Equal(
            [
                "The topic template of Price is malformed: U+D800 at index 6 is half of a UTF-16 surrogate pair without its other half: a topic is UTF-8, which has no form for it and would carry U+FFFD instead",
                "The topic template of Alert is malformed: U+DC00 at index 6 is half of a UTF-16 surrogate pair without its other half: a topic is UTF-8, which has no form for it and would carry U+FFFD instead",
            ],
            (await GeneratorHarness.AnalyzeAsync(new TopicAnalyzer(), source)).Select(diagnostic => diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["Quote.Topic.g.cs"], GeneratorHarness.Generate(new TopicGenerator(), source).Select(generated => generated.HintName));
    }

    [Fact]
    public Task ZMQ0108_generic_type_or_containing_type() => Verify("""
        [Topic("boxes")]
        public partial record {|ZMQ0108:Box|}<T>(T Value);

        public partial class Outer<T>
        {
            [Topic("inner")]
            public partial record {|ZMQ0108:Inner|}(string Text);
        }
        """);

    [Fact]
    public async Task ZMQ0108_names_the_generic_type_that_contains_the_message()
    {
        var diagnostics = await GeneratorHarness.AnalyzeAsync(new TopicAnalyzer(), Usings + """
            public partial class Outer<T>
            {
                [Topic("o/p")]
                partial record Price(string S);
            }
            """);

        Assert.Equal(
            "Outer is generic: a [Topic] type cannot be, or be nested in, a generic type, because the topic cannot tell type arguments apart",
            Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public async Task Topic_on_an_interface_or_an_enum_is_left_to_the_compilers_CS0592()
    {
        var source = Usings + """
            [Topic("shapes")]
            public interface ITopic { }

            [Topic("kinds")]
            public enum Kind { Small, Large }

            public class Holder
            {
                [Topic("inner")]
                public interface IInner { }
            }
            """;

        Assert.Empty(await GeneratorHarness.AnalyzeAsync(new TopicAnalyzer(), source));
        Assert.Equal(
            ["CS0592", "CS0592", "CS0592"],
            GeneratorHarness.Compile(source).GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.Id));
    }

    [Fact]
    public Task A_topic_that_is_not_a_constant_is_left_to_the_compilers_CS0182() => Verify("""
        public static class Names
        {
            public static string Ticks = "ticks";
        }

        [Topic(Names.Ticks)]
        public partial record Tick(int Count);
        """);

    [Fact]
    public Task ZMQ0109_reserved_topic() => Verify("""
        [Topic({|ZMQ0109:"zmqc.mine"|})]
        public partial record Mine(string Text);
        """);

    [Fact]
    public Task ZMQ0110_member_named_TopicFor_on_a_template() => Verify("""
        [Topic("prices.{Symbol}")]
        public partial record Price(string Symbol)
        {
            public static string {|ZMQ0110:TopicFor|}(string symbol) => symbol;
        }

        [Topic("plain")]
        public partial record Plain(string Text)
        {
            public static string TopicFor(string text) => text;
        }
        """);

    [Fact]
    public Task ZMQ0112_file_local_type_or_containing_type() => Verify("""
        [Topic("audit")]
        file partial record {|ZMQ0112:Audit|}(string Text);

        file partial class {|ZMQ0112:Messages|}
        {
            [Topic("inner")]
            public partial record Inner(string Text);
        }
        """);

    [Fact]
    public Task ZMQ0113_topics_that_meet_a_templates() => Verify("""
        [Topic({|ZMQ0113:"quotes.{Symbol}"|})]
        public partial record Quote(string Symbol, decimal Bid);

        [Topic({|ZMQ0113:"quotes.summary"|})]
        public partial record QuoteSummary(int Count);

        [Topic({|ZMQ0113:"depth.{Symbol}"|})]
        public partial record Depth(string Symbol, int Levels);

        [Topic({|ZMQ0113:"depth.{Symbol}.top"|})]
        public partial record DepthTop(string Symbol, decimal Bid);

        [Topic({|ZMQ0113:"weather"|}, MatchPrefix = true)]
        public partial record Weather(string Text);

        [Topic({|ZMQ0113:"weather{City}"|})]
        public partial record CityWeather(string City);

        [Topic({|ZMQ0104:"trades.{Symbol}.buy"|})]
        public partial record Buy(string Symbol);

        [Topic("trades.{Symbol}.sell")]
        public partial record Sell(string Symbol);

        [Topic("news")]
        public partial record News(string Text);
        """);

    [Fact]
    public void The_generator_writes_nothing_for_file_local_types_of_one_name_in_two_files()
    {
        // Before ZMQ0112, each got a generated part of one type visible to the whole assembly (not their own): the two
        // parts conflicted, and with one file-local type its messages implemented nothing.
        var generated = GeneratorHarness.Generate(
            new TopicGenerator(),
            Usings + """
                namespace Demo { [Topic("a")] file partial record M(int X); }
                """,
            Usings + """
                namespace Demo { [Topic("b")] file partial record M(int Y); }
                """);

        Assert.Empty(generated);
    }

    [Fact]
    public void The_generator_emits_nothing_for_invalid_types_and_does_not_throw()
    {
        var generated = GeneratorHarness.Generate(new TopicGenerator(), Usings + """
            [Topic("client1")]
            public record NotPartial(string Text);

            [Topic("prices.{Nope}")]
            public partial record Price(string Symbol);

            [Topic("{")]
            public partial record Broken(string Symbol);

            [Topic(null!)]
            public partial record Null(string Symbol);
            """);
        Assert.Empty(generated);
    }

    [Fact]
    public void Publishing_or_subscribing_a_type_without_Topic_does_not_compile()
    {
        var compilation = GeneratorHarness.Compile(Usings + """
            using System.Threading.Tasks;

            public record Untopical(string Text);

            public static class Uses
            {
                public static async Task Run(ZmqPublisher publisher, ZmqSubscriber subscriber)
                {
                    await publisher.PublishAsync(new Untopical("x"));
                    await foreach (var message in subscriber.Subscribe<Untopical>())
                    {
                    }
                }
            }
            """);
        var errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, error => Assert.Equal("CS0311", error.Id));
    }
}
