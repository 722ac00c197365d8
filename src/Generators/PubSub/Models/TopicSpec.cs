using System.Linq;

namespace ZmqContracts.Generators.PubSub;

/// <summary>A [Topic] type as the emitter needs it: names as strings, never a symbol.</summary>
/// <param name="Namespace">The type's namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="HintName">The start of the generated file's name, such as <c>Demo.Price</c>.</param>
/// <param name="Containers">The types that contain it, outermost first; empty for a top-level type.</param>
/// <param name="Declaration">How the type itself is declared again: <c>record Price</c>.</param>
/// <param name="FullyQualifiedType">The type, <c>global::</c>-qualified.</param>
/// <param name="Topic">The topic or template, as written.</param>
/// <param name="MatchPrefix">Whether subscribers also receive topics that start with theirs.</param>
/// <param name="Serializer">The expression for the type's serializer, such as <c>global::ZmqContracts.ZmqSerializers.MessagePack</c>.</param>
/// <param name="Texts">For a template, the texts around its placeholders (one more than there are placeholders); empty for a plain topic.</param>
/// <param name="Placeholders">For a template, its placeholders in order.</param>
/// <param name="HidesInheritedTopicFor">Whether a template's <c>TopicFor</c> hides one the type inherits, so it is declared <c>new</c>.</param>
/// <param name="TemplateField">The name of the generated field that holds a template's matcher, free among the type's members.</param>
/// <param name="RawPayload">For a raw message (<c>Format = ZmqFormat.Raw</c>), the property its payload is; otherwise <see langword="null"/>.</param>
internal sealed record TopicSpec(
    string? Namespace,
    string HintName,
    EquatableArray<string> Containers,
    string Declaration,
    string FullyQualifiedType,
    string Topic,
    bool MatchPrefix,
    string Serializer,
    EquatableArray<string> Texts,
    EquatableArray<PlaceholderSpec> Placeholders,
    bool HidesInheritedTopicFor,
    string TemplateField,
    RawPayloadSpec? RawPayload = null)
{
    public bool IsTemplate => Placeholders.Count > 0;

    /// <summary>What a subscriber of every message of the type subscribes to: the topic, or a template's first text.</summary>
    public string TopicPrefix => IsTemplate ? Texts[0] : Topic;

    /// <summary>The topic with placeholders reduced to <c>{}</c>: two types with the same shape have the same topics.</summary>
    public string Shape => IsTemplate ? string.Join("{}", Texts) : Topic;
}

/// <summary>One placeholder of a topic template.</summary>
/// <param name="Property">The property it names.</param>
/// <param name="Parameter">The parameter of the generated <c>TopicFor</c> method that stands for it, escaped when a keyword.</param>
/// <param name="Type">The property's type, <c>global::</c>-qualified.</param>
/// <param name="Reference">How a doc comment's <c>cref</c> names the property: through the type that declares it, a base type's included.</param>
/// <param name="Name">How the runtime's messages name the value: the [Topic] type and the property, such as <c>Price.Symbol</c>.</param>
internal sealed record PlaceholderSpec(string Property, string Parameter, string Type, string Reference, string Name);

/// <summary>The one property a raw [Topic] message is sent as, verbatim.</summary>
/// <param name="Property">The property's name, escaped when a keyword.</param>
/// <param name="Type">The property's type, <c>global::</c>-qualified: a string or bytes.</param>
/// <param name="SerializerField">The name of the generated field that holds the message's serializer, free among the type's members.</param>
internal sealed record RawPayloadSpec(string Property, string Type, string SerializerField);
