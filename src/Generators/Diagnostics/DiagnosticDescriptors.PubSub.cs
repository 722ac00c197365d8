using Microsoft.CodeAnalysis;

namespace ZmqContracts.Generators;

/// <summary>ZMQ01xx: [Topic] types. ZMQ0103 and ZMQ0104 compare every [Topic] type, so they are reported when the compilation ends.</summary>
internal static partial class DiagnosticDescriptors
{
    /// <summary>ZMQ0101: "[Topic] is on {0}, but {1} is not partial: declare it partial so that the generator can add ITopicMessage&lt;{0}&gt; to {0}"</summary>
    public static readonly DiagnosticDescriptor TopicTypeNotPartial = Error(
        "ZMQ0101",
        "A [Topic] type must be partial",
        "[Topic] is on {0}, but {1} is not partial: declare it partial so that the generator can add ITopicMessage<{0}> to {0}");

    /// <summary>ZMQ0102: "The topic of {0} is empty: a topic names what the messages are about, and an empty one would reach every subscriber"</summary>
    public static readonly DiagnosticDescriptor EmptyTopic = Error(
        "ZMQ0102",
        "A topic cannot be empty",
        "The topic of {0} is empty: a topic names what the messages are about, and an empty one would reach every subscriber");

    /// <summary>ZMQ0103: "{0} and {1} have the same topic '{2}': a subscriber could not tell their messages apart; give each a topic of its own"</summary>
    public static readonly DiagnosticDescriptor DuplicateTopic = new(
        "ZMQ0103",
        "Two types cannot share a topic",
        "{0} and {1} have the same topic '{2}': a subscriber could not tell their messages apart; give each a topic of its own",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0103"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>
    /// ZMQ0104: "The topic '{0}' of {1} {2} a prefix of the topic '{3}' of {4}: ZeroMQ delivers {4} messages to subscribers of {1} too, where they are filtered out again; consider topics that do not start with one another"
    /// ({2} is "is" for a topic, and "starts with 'trades.'," for a template, whose text before its first placeholder is the prefix)
    /// </summary>
    public static readonly DiagnosticDescriptor TopicIsPrefixOfAnother = new(
        "ZMQ0104",
        "A topic is a prefix of another topic",
        "The topic '{0}' of {1} {2} a prefix of the topic '{3}' of {4}: ZeroMQ delivers {4} messages to subscribers of {1} too, where they are filtered out again; consider topics that do not start with one another",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0104"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>ZMQ0113: "The topics of {0} ('{1}') and {2} ('{3}') meet: a placeholder takes any text, so some topic is one of both, and a subscriber of every message of one reads such a message of the other as its own; give them topics that cannot meet"</summary>
    public static readonly DiagnosticDescriptor TopicsOverlap = new(
        "ZMQ0113",
        "Two types' topics meet through a template",
        "The topics of {0} ('{1}') and {2} ('{3}') meet: a placeholder takes any text, so some topic is one of both, and a subscriber of every message of one reads such a message of the other as its own; give them topics that cannot meet",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink("ZMQ0113"),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>ZMQ0105: "The placeholder {{{0}}} in the topic of {1} names no property of {1}"</summary>
    public static readonly DiagnosticDescriptor UnknownPlaceholder = Error(
        "ZMQ0105",
        "A placeholder must name a property",
        "The placeholder {{{0}}} in the topic of {1} names no property of {1}");

    /// <summary>ZMQ0106: "The placeholder {{{0}}} in the topic of {1} is a {2}, which cannot be written into a topic: use a string, char, bool, integer, Guid or enum property"</summary>
    public static readonly DiagnosticDescriptor PlaceholderTypeNotWritable = Error(
        "ZMQ0106",
        "A placeholder's property must be writable into a topic",
        "The placeholder {{{0}}} in the topic of {1} is a {2}, which cannot be written into a topic: use a string, char, bool, integer, Guid or enum property");

    /// <summary>ZMQ0107: "The topic template of {0} is malformed: {1}"</summary>
    public static readonly DiagnosticDescriptor MalformedTemplate = Error(
        "ZMQ0107",
        "A topic template must be well-formed",
        "The topic template of {0} is malformed: {1}");

    /// <summary>ZMQ0108: "{0} is generic: a [Topic] type cannot be, or be nested in, a generic type, because the topic cannot tell type arguments apart"</summary>
    public static readonly DiagnosticDescriptor GenericTopicType = Error(
        "ZMQ0108",
        "A [Topic] type cannot be generic",
        "{0} is generic: a [Topic] type cannot be, or be nested in, a generic type, because the topic cannot tell type arguments apart");

    /// <summary>ZMQ0109: "The topic '{0}' of {1} starts with 'zmqc.', which the protocol keeps for itself: choose another topic"</summary>
    public static readonly DiagnosticDescriptor ReservedTopic = Error(
        "ZMQ0109",
        "Topics starting with 'zmqc.' are reserved",
        "The topic '{0}' of {1} starts with 'zmqc.', which the protocol keeps for itself: choose another topic");

    /// <summary>ZMQ0110: "{0} declares a member named TopicFor, which the generator writes for a topic template: rename the member"</summary>
    public static readonly DiagnosticDescriptor TopicForTaken = Error(
        "ZMQ0110",
        "TopicFor is the generator's",
        "{0} declares a member named TopicFor, which the generator writes for a topic template: rename the member");

    /// <summary>ZMQ0111: "{0} states Format = ZmqFormat.Raw, but {1}: a raw message is sent as its one property verbatim, so give it exactly one property, a string or bytes, and a constructor that takes it (a positional record such as record {0}(string Text))"</summary>
    public static readonly DiagnosticDescriptor RawTopicShape = Error(
        "ZMQ0111",
        "A raw [Topic] type holds one bytes or string property",
        "{0} states Format = ZmqFormat.Raw, but {1}: a raw message is sent as its one property verbatim, so give it exactly one property, a string or bytes, and a constructor that takes it (a positional record such as record {0}(string Text))");

    /// <summary>ZMQ0112: "[Topic] is on {0}, but {1} is file-local: the generator adds ITopicMessage&lt;{0}&gt; to {0} in a file of its own, which cannot reach a file-local type; make {1} internal"</summary>
    public static readonly DiagnosticDescriptor FileLocalTopicType = Error(
        "ZMQ0112",
        "A [Topic] type cannot be file-local",
        "[Topic] is on {0}, but {1} is file-local: the generator adds ITopicMessage<{0}> to {0} in a file of its own, which cannot reach a file-local type; make {1} internal");
}
