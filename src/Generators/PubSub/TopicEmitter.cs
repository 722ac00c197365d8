using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace ZmqContracts.Generators.PubSub;

/// <summary>Writes the part of a [Topic] type that implements <c>ITopicMessage&lt;T&gt;</c>. Pure: a spec in, source text out.</summary>
internal static class TopicEmitter
{
    private const string Runtime = "global::ZmqContracts.Runtime";

    public static string Emit(TopicSpec spec) => GeneratedFile.Write(spec.Namespace, writer =>
    {
        foreach (var container in spec.Containers)
        {
            writer.WriteLine($"partial {container}").OpenBlock();
        }

        var contract = $"global::ZmqContracts.ITopicMessage<{spec.FullyQualifiedType}>";
        writer.WriteLine($"partial {spec.Declaration} : {contract}").OpenBlock();
        if (spec.IsTemplate)
        {
            var texts = string.Join(", ", spec.Texts.Select(text => Literal(text)));
            writer.WriteLine($"""
                {GeneratedFile.GeneratedCodeAttribute}
                private static readonly {Runtime}.TopicTemplate {spec.TemplateField} = new(matchPrefix: {Bool(spec.MatchPrefix)}, {texts});

                """);
        }

        if (spec.RawPayload is { } raw)
        {
            writer.WriteLine($"""
                {GeneratedFile.GeneratedCodeAttribute}
                private static readonly {Runtime}.RawMessageSerializer<{spec.FullyQualifiedType}, {raw.Type}> {raw.SerializerField} =
                    new(message => message.{raw.Property}, value => new {spec.FullyQualifiedType}(value));

                """);
        }

        writer.WriteLine($"""
            /// <inheritdoc />
            {GeneratedFile.GeneratedCodeAttribute}
            static string {contract}.Topic => {Literal(spec.Topic)};

            /// <inheritdoc />
            {GeneratedFile.GeneratedCodeAttribute}
            static string {contract}.TopicPrefix => {Literal(spec.TopicPrefix)};

            /// <inheritdoc />
            {GeneratedFile.GeneratedCodeAttribute}
            static bool {contract}.MatchPrefix => {Bool(spec.MatchPrefix)};

            /// <inheritdoc />
            {GeneratedFile.GeneratedCodeAttribute}
            static string {contract}.GetTopic({spec.FullyQualifiedType} message) => {TopicExpression(spec, placeholder => $"message.{SymbolFacts.EscapeIdentifier(placeholder.Property)}")};

            /// <inheritdoc />
            {GeneratedFile.GeneratedCodeAttribute}
            static global::ZmqContracts.IZmqSerializer {contract}.Serializer => {(spec.RawPayload?.SerializerField ?? spec.Serializer)};

            /// <inheritdoc />
            {GeneratedFile.GeneratedCodeAttribute}
            static bool {contract}.IsMatch(global::System.ReadOnlySpan<byte> topic) => {MatchExpression(spec)};
            """);
        if (spec.IsTemplate)
        {
            WriteTopicFor(writer, spec);
        }

        writer.CloseBlock();
        foreach (var _ in spec.Containers)
        {
            writer.CloseBlock();
        }
    });

    private static void WriteTopicFor(SourceWriter writer, TopicSpec spec)
    {
        var parameters = string.Join(", ", spec.Placeholders.Select(placeholder => $"{placeholder.Type} {placeholder.Parameter}"));
        var topic = TopicExpression(spec, placeholder => placeholder.Parameter);
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// The messages published under {GeneratedFile.DocText(spec.Topic)} with these values, for");
        writer.WriteLine("/// <see cref=\"global::ZmqContracts.ZmqSubscriber.Subscribe{T}(global::ZmqContracts.TopicFilter{T}, global::System.Threading.CancellationToken)\"/>");
        writer.WriteLine("/// and <see cref=\"global::ZmqContracts.ZmqPublisher.WaitForSubscriberAsync{T}(global::ZmqContracts.TopicFilter{T}, global::System.Threading.CancellationToken)\"/>.");
        writer.WriteLine("/// </summary>");
        foreach (var placeholder in spec.Placeholders)
        {
            writer.WriteLine($"/// <param name=\"{placeholder.Parameter.TrimStart('@')}\">The <see cref=\"{placeholder.Reference}\"/> of the messages.</param>");
        }

        writer.WriteLine($"""
            /// <exception cref="global::System.ArgumentException">A string value is null or empty, or a string or char value holds a lone UTF-16 surrogate.</exception>
            {GeneratedFile.GeneratedCodeAttribute}
            public {(spec.HidesInheritedTopicFor ? "new " : "")}static global::ZmqContracts.TopicFilter<{spec.FullyQualifiedType}> {TopicParser.TopicForName}({parameters}) =>
                global::ZmqContracts.TopicFilter<{spec.FullyQualifiedType}>.For({topic});
            """);
    }

    /// <summary>The C# expression of a topic: the literal topic, or the template's texts joined with each placeholder's value.</summary>
    private static string TopicExpression(TopicSpec spec, System.Func<PlaceholderSpec, string> value)
    {
        if (!spec.IsTemplate)
        {
            return Literal(spec.Topic);
        }

        var parts = spec.Texts.Select((text, index) => (Text: text, Index: index))
            .SelectMany(part => part.Index < spec.Placeholders.Count
                ? new[] { Literal(part.Text), $"{Runtime}.TopicValue.Format({value(spec.Placeholders[part.Index])}{NameArgument(spec.Placeholders[part.Index])})" }
                : new[] { Literal(part.Text) })
            .Where(part => part != "\"\"");
        return string.Join(" + ", parts);
    }

    /// <summary>
    /// Strings are checked for null and empty, strings and chars for a lone UTF-16 surrogate (which the topic's UTF-8
    /// cannot carry), and the message names the type and the property.
    /// </summary>
    private static string NameArgument(PlaceholderSpec placeholder) =>
        placeholder.Type is "string" or "string?" or "char" ? $", {Literal(placeholder.Name)}" : "";

    private static string MatchExpression(TopicSpec spec) => spec.IsTemplate
        ? $"{spec.TemplateField}.IsMatch(topic)"
        : $"global::System.MemoryExtensions.{(spec.MatchPrefix ? "StartsWith" : "SequenceEqual")}(topic, {Literal(spec.Topic)}u8)";

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static string Bool(bool value) => value ? "true" : "false";
}
