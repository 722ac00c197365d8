using System.Linq;
using Xunit;
using ZmqContracts.Generators.PubSub;

namespace ZmqContracts.Generators.Tests.PubSub;

/// <summary>
/// [Topic] types whose names or base types the generated part once failed on (code that did not parse, or a warning in
/// it). <see cref="GeneratorHarness.Generate"/> fails on either.
/// </summary>
public class TopicTypeShapeTests
{
    [Fact]
    public void A_type_and_its_containing_type_named_like_keywords_are_declared_with_their_at_sign()
    {
        var generated = GeneratorHarness.Generate(new TopicGenerator(), """
            using ZmqContracts;

            namespace Demo
            {
                [Topic("kw")]
                public partial record @event(string A);

                public static partial class @class
                {
                    [Topic("kw2.{A}")]
                    public partial record @struct(string A);
                }
            }
            """);

        Assert.Contains("partial record @event : global::ZmqContracts.ITopicMessage<global::Demo.@event>", generated.Single(file => file.HintName == "Demo.event.Topic.g.cs").SourceText.ToString());
        Assert.Contains("partial class @class", generated.Single(file => file.HintName == "Demo.class.struct.Topic.g.cs").SourceText.ToString());
    }

    [Fact]
    public void A_placeholder_inherited_from_a_base_class_is_named_through_it_in_doc_comments()
    {
        var generated = GeneratorHarness.Generate(new TopicGenerator(), """
            using ZmqContracts;

            namespace Demo
            {
                /// <summary>A base.</summary>
                public class Base
                {
                    /// <summary>The id.</summary>
                    public string Id { get; set; } = "";
                }

                /// <summary>A message.</summary>
                [Topic("b.{Id}")]
                public partial class Derived : Base { }
            }
            """);

        Assert.Contains("<see cref=\"global::Demo.Base.Id\"/>", Assert.Single(generated).SourceText.ToString());
    }

    [Fact]
    public void A_TopicFor_that_hides_an_inherited_one_is_declared_new_and_a_generated_field_takes_a_name_no_base_member_has()
    {
        var generated = GeneratorHarness.Generate(new TopicGenerator(), """
            using ZmqContracts;

            namespace Demo
            {
                [Topic("a.{Id}")]
                public partial record Base(string Id);

                [Topic("b.{Id}")]
                public partial record Derived(string Id, int X) : Base(Id);

                public record Declared
                {
                    protected static readonly int s_topicTemplate = 1;

                    public static string TopicFor(string id) => id;

                    public string Id { get; init; } = "";
                }

                [Topic("c.{Id}")]
                public partial record FromDeclared : Declared;

                [Topic("d.{Id}.{X}")]
                public partial record Overload(string Id, int X) : Base(Id);
            }
            """);

        string Source(string type) => generated.Single(file => file.HintName == $"Demo.{type}.Topic.g.cs").SourceText.ToString();
        Assert.Contains("public static global::ZmqContracts.TopicFilter<global::Demo.Base> TopicFor(", Source("Base"));
        Assert.Contains("public new static global::ZmqContracts.TopicFilter<global::Demo.Derived> TopicFor(", Source("Derived"));
        Assert.Contains("public new static global::ZmqContracts.TopicFilter<global::Demo.FromDeclared> TopicFor(", Source("FromDeclared"));
        Assert.Contains("private static readonly global::ZmqContracts.Runtime.TopicTemplate s_topicTemplate1 =", Source("FromDeclared"));
        Assert.Contains("public static global::ZmqContracts.TopicFilter<global::Demo.Overload> TopicFor(", Source("Overload"));
    }
}
