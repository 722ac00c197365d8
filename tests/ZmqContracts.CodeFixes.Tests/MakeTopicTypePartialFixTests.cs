using System.Threading.Tasks;
using Xunit;
using ZmqContracts.Generators.PubSub;

namespace ZmqContracts.CodeFixes.Tests;

public class MakeTopicTypePartialFixTests
{
    private static Task Verify(string source, string fixedSource) =>
        CodeFixTest<TopicAnalyzer, MakeTopicTypePartialFix>.VerifyAsync(source, fixedSource);

    [Fact]
    public Task A_record_with_modifiers_gets_partial_before_record() => Verify("""
        using ZmqContracts;

        namespace Demo;

        [Topic("prices")]
        public sealed record {|ZMQ0101:Price|}(string Symbol, decimal Value);
        """, """
        using ZmqContracts;

        namespace Demo;

        [Topic("prices")]
        public sealed partial record Price(string Symbol, decimal Value);
        """);

    [Fact]
    public Task A_type_without_modifiers_keeps_its_indentation() => Verify("""
        using ZmqContracts;

        namespace Demo
        {
            [Topic("alerts")]
            record struct {|ZMQ0101:Alert|}(string Text);
        }
        """, """
        using ZmqContracts;

        namespace Demo
        {
            [Topic("alerts")]
            partial record struct Alert(string Text);
        }
        """);

    [Fact]
    public Task Every_containing_type_that_is_not_partial_is_fixed_one_after_the_other() =>
        CodeFixTest<TopicAnalyzer, MakeTopicTypePartialFix>.VerifyInStepsAsync(2, """
        using ZmqContracts;

        namespace Demo;

        public static class Messages
        {
            public class {|ZMQ0101:Chat|}
            {
                [Topic("chat")]
                public partial record Line(string Text);
            }
        }
        """, """
        using ZmqContracts;

        namespace Demo;

        public static partial class Messages
        {
            public partial class Chat
            {
                [Topic("chat")]
                public partial record Line(string Text);
            }
        }
        """);
}
