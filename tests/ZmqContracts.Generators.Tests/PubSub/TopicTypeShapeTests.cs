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
}
