using System;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using Xunit;

namespace ZmqContracts.Tests.PublicSurface;

/// <summary>
/// The rules of the public surface (docs/architecture.md, "Public surface"); the exact members are pinned by
/// src/Sdk/PublicAPI.*.txt, which the build checks.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly Type[] Exported = typeof(ZmqPublisher).Assembly.GetExportedTypes();

    [Fact]
    public void Every_public_type_a_user_names_starts_with_Zmq_but_for_the_contract_vocabulary()
    {
        var unprefixed = Exported
            .Where(type => type.Namespace == "ZmqContracts" && !type.IsNested)
            .Select(type => type.Name)
            .Where(name => !name.StartsWith("Zmq", StringComparison.Ordinal) && !name.StartsWith("IZmq", StringComparison.Ordinal))
            .Where(name => !IsContractVocabulary(name))
            .ToList();

        Assert.Empty(unprefixed);
    }

    [Fact]
    public void The_runtime_namespace_holds_only_what_generated_code_uses_hidden_from_completion_lists()
    {
        var visible = Exported
            .Where(type => type.Namespace == "ZmqContracts.Runtime" && !type.IsNested)
            .Where(type => type.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never)
            .Select(type => type.Name)
            .ToList();

        Assert.Empty(visible);
    }

    /// <summary>
    /// The words a contract is written in: its attributes, the topic vocabulary of a [Topic] record, the serializers
    /// named after the format they write, and the enums an option takes.
    /// </summary>
    private static bool IsContractVocabulary(string name) =>
        name.EndsWith("Attribute", StringComparison.Ordinal)
        || name.EndsWith("ZmqSerializer", StringComparison.Ordinal)
        || name is "ITopicMessage`1" or "TopicFilter`1" or "SlowSubscriberMode";
}
