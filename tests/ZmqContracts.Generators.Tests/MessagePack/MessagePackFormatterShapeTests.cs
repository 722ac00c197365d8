using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using ZmqContracts.Generators.MessagePack;

namespace ZmqContracts.Generators.Tests.MessagePack;

/// <summary>
/// Shapes of contracts and types the formatter generator once failed on (Roslyn's CS8785) or wrote formatters for that
/// did not compile, or compiled with a warning. <see cref="GeneratorHarness.Generate"/> fails on either.
/// </summary>
public class MessagePackFormatterShapeTests
{
    private const string Usings = ContractSource.Usings + """
        namespace Demo;

        """;

    [Theory]
    [InlineData("public class C { [Reply] public void M() { } }")]
    [InlineData("public class C { [Topic(\"t\")] public int F; }")]
    [InlineData("public class C { public void M([Pipeline] int p) { } }")]
    [InlineData("public interface IStage { [Pipeline] Task<Foo> Run(Bar")]
    [InlineData("[Pipeline] public interface IStage { Task<Foo> Run(Bar\n[Reply] public interface IShop { Task<int> Get(int a); }")]
    public void A_contract_attribute_on_a_member_or_in_half_typed_code_gets_no_formatter_and_no_crash(string source)
    {
        var driver = GeneratorHarness.CreateDriver(new MessagePackFormatterGenerator()).RunGenerators(GeneratorHarness.Compile(Usings + source));

        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void A_generic_declaring_type_s_init_accessor_is_called_through_an_accessor_class_of_its_type_parameters()
    {
        var generated = Generate("""
            public record Page<T> where T : class { public T? Item { get; init; } public int N { get; init; } }
            public record Base<T> { public T? Value { get; init; } }
            public record Derived : Base<int> { public string Name { get; set; } = ""; }
            public record Order(int Id);
            public record struct Pair<TKey>(int Id) where TKey : struct, IComparable<TKey> { public TKey Key { get; init; } }
            public class Outer<TOuter> { public class Inner { public TOuter? Value { get; init; } } }

            [Reply]
            public interface IShop
            {
                Task<Page<Order>> Get(Derived derived, Pair<long> pair, Outer<string>.Inner inner, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Contains("private static class PageAccessors<T>\n            where T : class", generated);
        Assert.Contains("PageAccessors<global::Demo.Order>.ItemInit(result, v_Item);", generated);
        Assert.Contains("BaseAccessors<int>.ValueInit(result, v_Value);", generated);
        Assert.Contains("PairAccessors<long>.KeyInit(ref result, v_Key);", generated);
        Assert.Contains("where TKey : struct, global::System.IComparable<TKey>", generated);
        Assert.Contains("InnerAccessors<string>.ValueInit(result, v_Value);", generated);
    }

    [Fact]
    public void A_type_obsolete_as_an_error_or_inside_one_is_left_to_MessagePack()
    {
        // Generate fails on any error in generated code: a formatter naming such a type is CS0619.
        var generated = Generate("""
            [Obsolete("gone", true)]
            public record Retired(int Id);

            [Obsolete("gone", true)]
            public static class Old
            {
                public record Inner(int Id);
            }

            [Obsolete("gone", true)]
            [Topic("retired")]
            public partial record RetiredNews(string Text);

            public record Current(int Id);

            // Itself obsolete, as a warning: within it, the compiler allows what is obsolete as an error.
            [Obsolete("use the new archive")]
            [Reply]
            public interface IArchive
            {
                Task<Retired> Find(int id, CancellationToken cancellationToken = default);

                Task<Old.Inner> Inner(List<Retired> all, CancellationToken cancellationToken = default);

                Task<Current> Now(CancellationToken cancellationToken = default);
            }
            """);

        Assert.DoesNotContain("RetiredFormatter", generated);
        Assert.DoesNotContain("RetiredNewsFormatter", generated);
        Assert.DoesNotContain("InnerFormatter", generated);
        Assert.Contains("CurrentFormatter", generated);
    }

    [Fact]
    public void Before_NET_9_a_generic_type_with_init_properties_is_left_to_MessagePack()
    {
        var compilation = GeneratorHarness.Compile(Usings + "public record Page<T> { public T? Item { get; init; } } public record Order(int Id);");
        var page = compilation.GetTypeByMetadataName("Demo.Page`1")!.Construct(compilation.GetTypeByMetadataName("Demo.Order")!);
        var walker = new WireTypeWalker(compilation.Assembly, reachesGenericTypes: false);

        Assert.Null(walker.Walk(page));
        Assert.Equal(
            "generated code cannot call the init accessor of its member Item: Demo.Page<T> is generic, which UnsafeAccessor reaches only from .NET 9 on",
            walker.Unwritten?.Reason);
        Assert.Equal(["global::Demo.Order"], walker.Formatters.Select(formatter => formatter.Type));
        Assert.True(WireTypeWalker.ReachesGenericTypes(compilation));
    }

    [Fact]
    public void Required_members_that_are_not_sent_leave_the_type_to_MessagePack()
    {
        var generated = Generate("""
            public class Order
            {
                public int Id { get; set; }

                [MessagePack.IgnoreMember]
                public required string Secret { get; set; }
            }

            internal class Note
            {
                public int Id { get; set; }

                internal required string Text { get; init; }
            }

            public class Sealed
            {
                public required int Code;

                public int Id { get; set; }
            }

            [Reply]
            internal interface IShop
            {
                Task Place(Order order, Note note, Sealed seal, CancellationToken cancellationToken = default);
            }
            """);

        Assert.DoesNotContain("class OrderFormatter", generated);
        Assert.DoesNotContain("class NoteFormatter", generated);
        Assert.Contains("new global::Demo.Sealed() { Code = v_Code }", generated);
    }

    [Fact]
    public void A_map_without_a_required_member_s_key_is_refused_unless_the_constructor_used_sets_the_required_members()
    {
        var generated = Generate("""
            public record Customs(string Broker)
            {
                public required decimal Value { get; init; }

                public required string @class;

                public required int missing { get; set; }

                public required int RequiredMembersMissing { get; init; }

                public string? Note { get; init; }
            }

            public struct Mark
            {
                public required int Code { get; init; }
            }

            public class Page<T>
            {
                public required T Item { get; init; }
            }

            public class Tariff
            {
                [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
                public Tariff() => Code = "none";

                public required string Code { get; init; }
            }

            [Reply]
            internal interface IShop
            {
                Task Declare(Customs customs, Mark mark, Page<Customs> page, Tariff tariff, CancellationToken cancellationToken = default);
            }
            """);

        Assert.Contains("if (!has_Value || !has_missing || !has_RequiredMembersMissing || !has_class)", generated);
        Assert.Contains("throw RequiredMembersMissing(has_Value, has_missing, has_RequiredMembersMissing, has_class);", generated);
        Assert.Contains("? \"Customs: the required member \" + missing[0] + \" is missing\"", generated);
        Assert.Contains("? \"Mark: the required member \"", generated);
        Assert.Contains("? \"Page<Customs>: the required member \"", generated);
        Assert.DoesNotContain("has_Broker", generated);
        Assert.DoesNotContain("Tariff: the required", generated);
    }

    [Fact]
    public void A_nullable_member_passed_to_a_constructor_that_takes_it_not_null_is_passed_as_the_contractless_resolver_passes_it()
    {
        var generated = Generate("""
            public class Person
            {
                public Person(string name, List<string> tags) { Name = name; Tags = tags; }

                public string? Name { get; }

                public List<string?> Tags { get; }
            }

            [Reply]
            public interface IPeople { Task Add(Person person, CancellationToken cancellationToken = default); }
            """);

        Assert.Contains("new global::Demo.Person(v_Name!, v_Tags!)", generated);
    }

    [Fact]
    public void Nullables_MessagePack_has_no_built_in_formatter_for_get_its_NullableFormatter_and_the_others_none()
    {
        // MessagePack 2.5.307's built-in resolver writes Guid? and BigInteger?, but not Half?, DateOnly? or TimeOnly?:
        // its run-time resolvers make NullableFormatter<T> for those by reflection, which native AOT cannot do.
        var generated = Generate("""
            public record Reading(Half? Level, DateOnly? Day, List<TimeOnly?> Times, Guid? Id, System.Numerics.BigInteger? Big, ReadOnlyMemory<byte>? Blob, TimeSpan? Age);

            [Reply]
            public interface IMeter { Task<Half?> Read(Reading reading, DateOnly? since, CancellationToken cancellationToken = default); }
            """);

        Assert.Equal(
            ["global::System.DateOnly", "global::System.Half", "global::System.TimeOnly"],
            Regex.Matches(generated, @"new global::MessagePack\.Formatters\.NullableFormatter<([^>]+)>\(\)").Select(match => match.Groups[1].Value));
        Assert.Contains("if (type == typeof(global::System.Collections.Generic.List<global::System.TimeOnly?>)) return new global::MessagePack.Formatters.ListFormatter<global::System.TimeOnly?>();", generated);
    }

    [Fact]
    public void Members_whose_generated_names_would_meet_and_constructors_that_would_be_ambiguous_make_code_that_compiles()
    {
        var generated = Generate("""
            public class Order
            {
                public int AKey { get; init; }

                public int SetA { get; set; }

                public int AFormatter { get; init; }
            }

            public class Ctor2
            {
                public Ctor2(IComparable a) => A = (string)a;

                public Ctor2(IEnumerable<char> a) => A = string.Concat(a);

                public string A { get; } = "";
            }

            [Reply]
            public interface IShop { Task Place(Order order, Ctor2 ctor, CancellationToken cancellationToken = default); }
            """);

        Assert.Contains("new global::Demo.Ctor2((global::System.IComparable)v_A)", generated);
    }

    private static string Generate(string source) =>
        GeneratorHarness.Generate(new MessagePackFormatterGenerator(), Usings + source).Single().SourceText.ToString();
}
